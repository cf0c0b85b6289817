/* chat_format.c - Formats test/llm/chat-conversations.txt with llama.cpp's
 * llama_chat_apply_template, for test/llm/chat-formats.expected (see
 * test/llm/make_chat_expected.sh, which builds it against a llama.cpp
 * checkout and its libllama).
 *
 *   chat_format CONVERSATIONS.txt [TEMPLATE-FILE...]
 *
 * For each named format and each conversation, with and without the
 * assistant's opening, prints: format, conversation index, add_ass, and the
 * formatted text in hex. A TEMPLATE-FILE holds a Jinja template (a model's
 * tokenizer.chat_template); its name stands for the format llama.cpp
 * detects in it. */
#include "llama.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MESSAGES 16
#define MAX_CONVERSATIONS 16

typedef struct {
  llama_chat_message messages[MAX_MESSAGES];
  size_t count;
} conversation;

static char *unescape(const char *s) {
  char *out = malloc(strlen(s) + 1), *o = out;
  for (; *s; ++s) {
    if (s[0] == '\\' && s[1] == 'n') {
      *o++ = '\n';
      ++s;
    } else {
      *o++ = *s;
    }
  }
  *o = 0;
  return out;
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)n + 1);
  size_t got = fread(text, 1, (size_t)n, f);
  text[got] = 0;
  fclose(f);
  return text;
}

static void emit(const char *name, const char *tmpl, conversation *c, size_t index, int add) {
  char buf[1 << 16];
  int32_t n = llama_chat_apply_template(tmpl, c->messages, c->count, add, buf, sizeof buf);
  if (n < 0 || n >= (int32_t)sizeof buf) {
    fprintf(stderr, "chat_format: %s: llama_chat_apply_template failed (%d)\n", name, n);
    exit(1);
  }
  printf("%s\t%zu\t%d\t", name, index, add);
  for (int32_t i = 0; i < n; ++i)
    printf("%02x", (unsigned char)buf[i]);
  printf("\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: chat_format CONVERSATIONS.txt [TEMPLATE-FILE...]\n");
    return 1;
  }
  FILE *f = fopen(argv[1], "r");
  if (!f)
    return 1;
  conversation conversations[MAX_CONVERSATIONS];
  size_t count = 0;
  memset(conversations, 0, sizeof conversations);
  char line[4096];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    if (!line[0]) {
      if (conversations[count].count)
        ++count;
      continue;
    }
    char *tab = strchr(line, '\t');
    if (!tab || count >= MAX_CONVERSATIONS)
      return 1;
    *tab = 0;
    conversation *c = &conversations[count];
    c->messages[c->count].role = unescape(line);
    c->messages[c->count].content = unescape(tab + 1);
    ++c->count;
  }
  if (conversations[count].count)
    ++count;
  fclose(f);
  const char *formats[] = {"chatml", "llama3", "llama2", "llama2-sys", "llama2-sys-bos",
                           "llama2-sys-strip", "gemma", "phi3"};
  for (size_t k = 0; k < sizeof formats / sizeof formats[0]; ++k)
    for (size_t i = 0; i < count; ++i)
      for (int add = 0; add < 2; ++add)
        emit(formats[k], formats[k], &conversations[i], i, add);
  for (int a = 2; a < argc; ++a) {
    char *tmpl = read_file(argv[a]);
    const char *name = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
    for (size_t i = 0; tmpl && i < count; ++i)
      emit(name, tmpl, &conversations[i], i, 1);
    free(tmpl);
  }
  return 0;
}
