//===- ModelPlan.cpp - The plan thymos-generate runs, and its vocabulary ------===//

#include "ModelPlan.h"

namespace thymos::generate {

rt::Status finishLoading(LoadedModel &m) {
  if (rt::Status s = llm::Tokenizer::fromPlan(*m.plan, m.tokenizer, m.vocabulary); !s)
    return s;
  for (const thymos::plan::WeightRecord &w : m.plan->weights())
    m.weightBytes += w.bytes;
  return rt::Status::success();
}

rt::Status loadPlan(const std::string &planPath, const rt::LoadOptions &options,
                    LoadedModel &out) {
  if (rt::Status s = rt::Plan::load(planPath, out.plan, options); !s)
    return s;
  return finishLoading(out);
}

} // namespace thymos::generate
