#!/bin/sh
# tool-docs.sh: every tool has a man page, and the generated bash completion
# completes options that the tools' --help lists.
#
#   tool-docs.sh SHARE_DIR HELP2MAN TOOL...
#
# SHARE_DIR is the build's share/ (cmake/ThymosManPages.cmake); HELP2MAN is
# empty where configure found no help2man, and then the man pages are
# reported skipped (exit 77) after the completion is checked.
set -eu
share=$1 help2man=$2
shift 2
fail() { echo "tool-docs: $*" >&2; exit 1; }

complete_word() { # TOOL WORD: what bash completes WORD to, after TOOL
  bash -c '. "$1"; COMP_WORDS=("$2" "$3"); COMP_CWORD=1; "_$(echo "$2" | tr - _)" 2> /dev/null
           echo "${COMPREPLY[*]}"' sh "$share/bash-completion/completions/$1" "$1" "$2"
}
for case in "thymosc --em=--emit=" "thymosc --list-t=--list-targets" \
            "thymos-generate --pl=--plan" "thymos-generate --top-=--top-k --top-p"; do
  tool=${case%% *} rest=${case#* }
  word=${rest%%=*} expected=${rest#*=}
  got=$(complete_word "$tool" "$word")
  [ "$got" = "$expected" ] || fail "$tool $word completes to '$got', not '$expected'"
  echo "$tool $word -> $got"
done

if [ -z "$help2man" ]; then
  echo "SKIP (man pages): help2man was not found at configure time (apt-get install help2man)"
  exit 77
fi
for tool in "$@"; do
  page=$share/man/man1/$tool.1.gz
  [ -f "$page" ] || fail "no man page $page"
  gzip -dc "$page" | grep -q '^\.SH DESCRIPTION' || fail "$page has no DESCRIPTION"
done
echo "tool-docs: $# man pages"
