// The reasons that decided a rule, not every leaf of it (issue 10, item 3).
//
// Read off the trace: the rules a rule read — directly or through values (`let`,
// outputs) — are its parts.  A rule that failed is explained by its parts that failed
// (each of them, had it held, would change the result), a rule that held by its parts
// that held; a part is followed down to the conditions that have no rule parts of their
// own.  A rule decided by an exception is a reason by itself.  A rule that held although
// one of its parts failed held another way (the secondary target group instead of the
// main one): one line says which way applied and why the first did not.
#include <algorithm>

#include "engine/result/explanation/case_explanation.hpp"

namespace klappt {

namespace {

struct Ref {
    Frame* frame;
    std::uint32_t definition;
    bool operator==(const Ref&) const = default;
};

class Decider {
public:
    explicit Decider(Evaluator& ev) : ev_(ev), program_(ev.program()) {}

    // The rules `r` read, in the order read, through any number of values.
    std::vector<Ref> parts(Ref r) {
        std::vector<Ref> out, through;
        collect_parts(r, out, through);
        return out;
    }

    void explain(Ref r) {
        if (std::find(visited_.begin(), visited_.end(), r) != visited_.end()) return;
        visited_.push_back(r);
        const Slot& slot = ev_.slot(r.frame, r.definition);
        bool value = slot.value.b;
        if (slot.exception >= 0) {
            leaf(r);
            return;
        }
        std::vector<Ref> all = parts(r);
        std::vector<Ref> same;
        for (Ref p : all)
            if (ev_.slot(p.frame, p.definition).value.b == value) same.push_back(p);
        if (same.empty()) {
            leaf(r);
            return;
        }
        for (Ref p : same) explain(p);
        if (!value) return;
        // Held although a part failed: the part read next that held is the way that applied.
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (ev_.slot(all[i].frame, all[i].definition).value.b) continue;
            std::optional<Ref> applied;
            for (std::size_t k = i + 1; k < all.size() && !applied; ++k)
                if (ev_.slot(all[k].frame, all[k].definition).value.b) applied = all[k];
            alternatives_.push_back({all[i], applied});
        }
    }

    std::vector<DecidingReason> result() {
        std::vector<DecidingReason> out;
        for (Ref r : leaves_) out.push_back(condition(r));
        for (auto& [failed, applied] : alternatives_) {
            DecidingReason reason;
            reason.kind = DecidingReason::Kind::alternative;
            reason.holds = true;
            const Definition& def = program_.definition(failed.frame->module, failed.definition);
            std::string why;
            Decider inner(ev_);
            inner.explain(failed);
            std::vector<std::string> texts;
            for (Ref leaf : inner.leaves_) {
                if (leaf == failed) continue;
                std::string t = rule_text(ev_, leaf.frame, leaf.definition, false);
                if (std::find(texts.begin(), texts.end(), t) == texts.end()) texts.push_back(t);
            }
            if (applied) reason.text = rule_text(ev_, applied->frame, applied->definition, true) + " — ";
            reason.text += rule_text(ev_, failed.frame, failed.definition, false);
            for (std::size_t i = 0; i < texts.size(); ++i) reason.text += (i ? "; " : ": ") + texts[i];
            reason.source = program_.source_of(failed.frame->module, failed.definition);
            reason.rule = ev_.qualified_name(failed.frame->module, failed.definition);
            reason.interpretation = !def.interpretation.empty();
            out.push_back(std::move(reason));
        }
        return out;
    }

private:
    void collect_parts(Ref r, std::vector<Ref>& out, std::vector<Ref>& through) {
        // Copied first: evaluating a text later may append to the trace.
        const Slot& slot = ev_.slot(r.frame, r.definition);
        std::vector<Ref> read;
        for (const TraceEdge* e = ev_.edges_begin(slot); e != ev_.edges_end(slot); ++e)
            if (e->kind == TraceEdge::Kind::definition) read.push_back({e->frame, e->index});
        for (Ref p : read) {
            if (program_.definition(p.frame->module, p.definition).kind == DefinitionKind::rule) {
                if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
            } else if (std::find(through.begin(), through.end(), p) == through.end()) {
                through.push_back(p);
                collect_parts(p, out, through);
            }
        }
    }

    void leaf(Ref r) {
        if (std::find(leaves_.begin(), leaves_.end(), r) == leaves_.end()) leaves_.push_back(r);
    }

    DecidingReason condition(Ref r) {
        const Definition& def = program_.definition(r.frame->module, r.definition);
        const Slot& slot = ev_.slot(r.frame, r.definition);
        DecidingReason reason;
        reason.holds = slot.value.b;
        reason.text = rule_text(ev_, r.frame, r.definition, reason.holds);
        reason.source = program_.source_of(r.frame->module, r.definition);
        reason.rule = ev_.qualified_name(r.frame->module, r.definition);
        reason.interpretation = !def.interpretation.empty();
        if (slot.exception >= 0) {
            const DefinitionException& ex = def.exceptions[static_cast<std::size_t>(slot.exception)];
            reason.text = def.label.empty() ? def.name : def.label;  // what the exception replaces
            reason.exception = ex.label.empty() ? "Ausnahme" : ex.label;
            if (!ex.source.empty()) reason.source = ex.source;
            reason.interpretation = reason.interpretation || !ex.interpretation.empty();
        }
        return reason;
    }

    Evaluator& ev_;
    const Program& program_;
    std::vector<Ref> visited_, leaves_;
    std::vector<std::pair<Ref, std::optional<Ref>>> alternatives_;
};

}  // namespace

std::vector<DecidingReason> deciding_reasons(Evaluator& ev, Frame* frame, std::uint32_t definition) {
    Decider decider(ev);
    decider.explain({frame, definition});
    return decider.result();
}

}  // namespace klappt
