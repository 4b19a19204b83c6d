// The evaluator's tracking of unknown inputs (partial cases, engine/fragen/): which unknown
// inputs an evaluation read, by which rule, and which values an unknown number or text met in
// a comparison — the candidates of the interview's next question.
#include <algorithm>

#include "engine/runtime/evaluation_support.hpp"
#include "engine/runtime/evaluator.hpp"

namespace klappt {

using namespace evaluation;

std::int32_t Evaluator::watch_origin(std::size_t unknown) { return origin(kUnknown, static_cast<std::int64_t>(unknown)); }

void Evaluator::start_watched(const Case& kase, UnknownWatch& watch, const Value* varied) {
    start(kase, false);
    nodes_ = rules_.nodes.data();
    children_ = rules_.children.data();
    watch_ = &watch;
    watch.clear();
    stability_ = Stability{};
    forcing_.clear();
    probe_day_ = varied ? varied->day : 0;
    // The check date chooses parameter and rule versions without being read as an input.
    if (rules_.check_date_input) note_read(&kase.inputs[*rules_.check_date_input]);
}

void Evaluator::note_read(const Value* slot) {
    const auto& slots = watch_->slots;
    for (std::size_t k = 0; k < slots.size(); ++k)
        if (slots[k] == slot) {
            auto index = static_cast<std::uint16_t>(k);
            auto at = std::find(watch_->read.begin(), watch_->read.end(), index);
            std::size_t entry = static_cast<std::size_t>(at - watch_->read.begin());
            constexpr auto nobody = std::numeric_limits<std::uint32_t>::max();
            if (at != watch_->read.end()) {
                // Read before; name a rule if the first reader was none.
                auto& first = watch_->reader[entry];
                if (first.first != nobody && rules_.modules[first.first].definitions[first.second].kind == DefinitionKind::rule)
                    return;
            } else {
                watch_->read.push_back(index);
                watch_->reader.push_back({nobody, nobody});
            }
            // Name the rule that asked: the innermost `rule` being evaluated, else the innermost definition.
            constexpr auto none = std::numeric_limits<std::uint32_t>::max();
            std::pair<std::uint32_t, std::uint32_t> who{none, none};
            for (std::size_t f = forcing_.size(); f-- > 0;) {
                auto global = static_cast<std::uint32_t>(origin_index(forcing_[f]));
                auto it = std::upper_bound(definition_base_.begin(), definition_base_.end(), global);
                auto m = static_cast<std::uint32_t>(it - definition_base_.begin() - 1);
                std::pair<std::uint32_t, std::uint32_t> here{m, global - definition_base_[m]};
                const Definition& def = rules_.modules[m].definitions[here.second];
                if (who.first == none && !def.label.empty()) who = here;
                if (def.kind == DefinitionKind::rule) {
                    who = here;
                    break;
                }
            }
            if (who.first != none) watch_->reader[entry] = who;
            return;
        }
}

void Evaluator::note_met(const Value& a, const Value& b) {
    auto unknown = [](const Value& v) { return v.form == Value::fixed && v.aux != 0 && origin_kind(v.aux) == kUnknown; };
    if (unknown(a) && b.form == Value::fixed) watch_->met.push_back({static_cast<std::uint16_t>(origin_index(a.aux)), b});
    if (unknown(b) && a.form == Value::fixed) watch_->met.push_back({static_cast<std::uint16_t>(origin_index(b.aux)), a});
}

}  // namespace klappt
