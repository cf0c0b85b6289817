//===- ChatTemplate.h - Turns of a chat as the model was trained to see them -===//
//
// A chat model expects its turns wrapped in markers (ChatML's
// <|im_start|>user ... <|im_end|>, Llama 3's headers, ...). GGUF files carry
// the model's Jinja template in tokenizer.chat_template; like llama.cpp's
// llama_chat_apply_template, Thymos recognizes the common families by
// markers the template contains and formats turns with a fixed rule for
// each, rather than running Jinja.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Status.h"

#include <string>
#include <string_view>
#include <vector>

namespace thymos::llm {

enum class ChatFormat {
  ChatMl,         ///< <|im_start|>role\n...<|im_end|>\n (Qwen, SmolLM, ...)
  Llama3,         ///< <|start_header_id|>role<|end_header_id|>\n\n...<|eot_id|>
  Llama2,         ///< [INST] ... [/INST] (a system turn is prepended plainly)
  Llama2Sys,      ///< ... with <<SYS>> for a system turn
  Llama2SysBos,   ///< ... and <s>[INST] starting each later turn
  Llama2SysStrip, ///< ... with every message trimmed
  Gemma,          ///< <start_of_turn>user\n...<end_of_turn>\n ("model" answers)
  Phi3,           ///< <|role|>\n...<|end|>\n
};

struct ChatMessage {
  std::string role; ///< system, user or assistant
  std::string content;
};

/// The format named `name` (chatml, llama3, llama2, llama2-sys,
/// llama2-sys-bos, llama2-sys-strip, gemma, phi3); false if none.
bool chatFormatNamed(std::string_view name, ChatFormat &out);
std::string chatFormatNames();

/// The format of a Jinja chat template, by the markers it contains; an
/// error naming the formats known and how to choose one otherwise.
rt::Status detectChatFormat(std::string_view jinjaTemplate, ChatFormat &out);

/// The text of `messages` in `format`; with `addAssistant`, ending where
/// the assistant's answer starts.
std::string formatChat(ChatFormat format, const std::vector<ChatMessage> &messages,
                       bool addAssistant);

} // namespace thymos::llm
