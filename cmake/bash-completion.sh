#!/bin/sh
# bash-completion.sh: writes a bash completion script for a Thymos tool from
# the options its --help lists, so that the completion cannot drift.
#
#   bash-completion.sh TOOL OUTPUT
#
# An option is a word starting with '-' at the head of a --help line (after
# the indentation), or one of a comma-separated list of aliases there; an
# option that takes its value after '=' (--emit=<value>) completes to
# "--emit=" (a one-dash one, -o=<file>, to "-o"). Words that do not start with '-' complete as file names.
set -eu
tool=$1 output=$2
name=$(basename "$tool")
options=$("$tool" --help 2>&1 | awk '
  /^[ \t]+-/ {
    for (i = 1; i <= NF; ++i) {
      word = $i
      if (word !~ /^-/) break
      sub(/,$/, "", word)
      # --emit=<value> completes to "--emit="; -o=<file> to "-o" (then a space).
      if (word ~ /^--.*=/) sub(/=.*/, "=", word); else sub(/=.*/, "", word)
      if (word ~ /^--?[A-Za-z0-9]/) print word
      if ($i !~ /,$/) break
    }
  }' | sort -u | tr '\n' ' ')
[ -n "$options" ] || { echo "bash-completion: $tool --help lists no options" >&2; exit 1; }
function=_$(echo "$name" | tr -c 'A-Za-z0-9\n' '_')
mkdir -p "$(dirname "$output")"
cat > "$output" <<SCRIPT
# bash completion for $name, generated from \`$name --help\` by Thymos's
# cmake/bash-completion.sh.
$function() {
  local cur=\${COMP_WORDS[COMP_CWORD]}
  [[ \$cur == -* ]] || return 0
  COMPREPLY=(\$(compgen -W "${options% }" -- "\$cur"))
  [[ \${#COMPREPLY[@]} -eq 1 && \${COMPREPLY[0]} == *= ]] && compopt -o nospace
  return 0
}
complete -o default -F $function $name
SCRIPT
