//===- ChatTemplate.cpp - Turns of a chat as the model was trained to see them -===//

#include "runtime/llm/ChatTemplate.h"

#include <cctype>

namespace thymos::llm {

namespace {

struct Named {
  const char *name;
  ChatFormat format;
};
constexpr Named kFormats[] = {
    {"chatml", ChatFormat::ChatMl},          {"llama3", ChatFormat::Llama3},
    {"llama2", ChatFormat::Llama2},          {"llama2-sys", ChatFormat::Llama2Sys},
    {"llama2-sys-bos", ChatFormat::Llama2SysBos}, {"llama2-sys-strip", ChatFormat::Llama2SysStrip},
    {"gemma", ChatFormat::Gemma},            {"phi3", ChatFormat::Phi3},
};

std::string trim(std::string_view s) {
  size_t begin = 0, end = s.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(s[begin])))
    ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(s[end - 1])))
    --end;
  return std::string(s.substr(begin, end - begin));
}

void formatLlama2(ChatFormat format, const std::vector<ChatMessage> &messages, std::string &out) {
  bool system = format != ChatFormat::Llama2;
  bool bosInHistory = format == ChatFormat::Llama2SysBos;
  bool strip = format == ChatFormat::Llama2SysStrip;
  bool insideTurn = true; // the first [INST] follows the tokenizer's BOS
  out += "[INST] ";
  for (const ChatMessage &m : messages) {
    std::string content = strip ? trim(m.content) : m.content;
    if (!insideTurn) {
      insideTurn = true;
      out += bosInHistory ? "<s>[INST] " : "[INST] ";
    }
    if (m.role == "system")
      out += system ? "<<SYS>>\n" + content + "\n<</SYS>>\n\n" : content + "\n";
    else if (m.role == "user")
      out += content + " [/INST]";
    else {
      out += content + "</s>";
      insideTurn = false;
    }
  }
}

} // namespace

bool chatFormatNamed(std::string_view name, ChatFormat &out) {
  for (const Named &n : kFormats)
    if (name == n.name) {
      out = n.format;
      return true;
    }
  return false;
}

std::string chatFormatNames() {
  std::string names;
  for (const Named &n : kFormats)
    names += (names.empty() ? "" : ", ") + std::string(n.name);
  return names;
}

rt::Status detectChatFormat(std::string_view t, ChatFormat &out) {
  auto has = [&](std::string_view marker) { return t.find(marker) != std::string_view::npos; };
  // The order matters: a marker of one family may appear in another's template.
  if (has("<|im_start|>") && !has("<|im_sep|>") && !has("<end_of_utterance>"))
    out = ChatFormat::ChatMl;
  else if ((t.rfind("mistral", 0) == 0 || has("[INST]")) && !has("[SYSTEM_PROMPT]") &&
           !has("' [INST] ' + system_message") && !has("[AVAILABLE_TOOLS]"))
    out = has("content.strip()")            ? ChatFormat::Llama2SysStrip
          : has("bos_token + '[INST]") ? ChatFormat::Llama2SysBos
          : has("<<SYS>>")                 ? ChatFormat::Llama2Sys
                                           : ChatFormat::Llama2;
  else if (has("<|assistant|>") && has("<|end|>"))
    out = ChatFormat::Phi3;
  else if (has("<start_of_turn>"))
    out = ChatFormat::Gemma;
  else if (has("<|start_header_id|>") && has("<|end_header_id|>"))
    out = ChatFormat::Llama3;
  else
    return rt::Status::error(
        "the model's chat template (tokenizer.chat_template) is not one Thymos recognizes "
        "(ChatML, Llama 3, Llama 2, Gemma, Phi-3); name its format with --chat-template " +
        chatFormatNames());
  return rt::Status::success();
}

std::string formatChat(ChatFormat format, const std::vector<ChatMessage> &messages,
                       bool addAssistant) {
  std::string out;
  switch (format) {
  case ChatFormat::ChatMl:
    for (const ChatMessage &m : messages)
      out += "<|im_start|>" + m.role + "\n" + m.content + "<|im_end|>\n";
    if (addAssistant)
      out += "<|im_start|>assistant\n";
    break;
  case ChatFormat::Llama3:
    for (const ChatMessage &m : messages)
      out += "<|start_header_id|>" + m.role + "<|end_header_id|>\n\n" + trim(m.content) +
             "<|eot_id|>";
    if (addAssistant)
      out += "<|start_header_id|>assistant<|end_header_id|>\n\n";
    break;
  case ChatFormat::Llama2:
  case ChatFormat::Llama2Sys:
  case ChatFormat::Llama2SysBos:
  case ChatFormat::Llama2SysStrip:
    formatLlama2(format, messages, out);
    break;
  case ChatFormat::Gemma: {
    // No system turn: it goes before the first user message.
    std::string system;
    for (const ChatMessage &m : messages) {
      if (m.role == "system") {
        system += trim(m.content);
        continue;
      }
      std::string role = m.role == "assistant" ? "model" : m.role;
      out += "<start_of_turn>" + role + "\n";
      if (!system.empty() && role != "model") {
        out += system + "\n\n";
        system.clear();
      }
      out += trim(m.content) + "<end_of_turn>\n";
    }
    if (addAssistant)
      out += "<start_of_turn>model\n";
    break;
  }
  case ChatFormat::Phi3:
    for (const ChatMessage &m : messages)
      out += "<|" + m.role + "|>\n" + m.content + "<|end|>\n";
    if (addAssistant)
      out += "<|assistant|>\n";
    break;
  }
  return out;
}

} // namespace thymos::llm
