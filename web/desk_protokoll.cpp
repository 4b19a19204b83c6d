// The desk's checks and decisions on the Prüfprotokoll (issue 11): the record an auditor
// verifies, replays and recalculates years later lives in the desk's own data file.
#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "web/checking.hpp"
#include "web/desk_support.hpp"

namespace klappt::web {

namespace {

// Who checked: the login name, or the single-user desk's marker.
std::string recorded_user(const Desk::Visitor& v) { return v.session.user.empty() ? "Einzelplatz" : v.session.user; }

}  // namespace

void Desk::open_protokoll() {
    protokoll::Store::Options options;
    options.mode = protokoll::Store::Mode::create;
    options.share_database = true;  // the desk's cases, users and decisions live in the same file
    protokoll_.emplace(protokoll::Store::open(store_.file(), options));
}

std::optional<Desk::RecordedCheck> Desk::record_check(const Visitor& v, const std::string& yaml) {
    // Evaluated once, traced: the record and the page's explained result come from the same evaluation.
    const Program& program = *rules_.cases;
    CaseFile cases = load_cases_yaml(program, std::make_shared<const SourceFile>("fall.yaml", yaml));
    if (cases.cases.size() != 1 || !cases.cases.front().data) return std::nullopt;  // incomplete: no check yet
    RecordedCheck recorded;
    protokoll::CheckInput check;
    ResultDetail detail;
    detail.explanation = true;
    detail.technical_tree = true;
    const CaseResult& result = thread_runner(program).run(*cases.cases.front().data, detail);
    if (!result.evaluated()) return std::nullopt;
    recorded.explained_json = case_json(result, JsonFields::explained);
    check = protokoll::record_of(result, yaml, recorded_user(v), false);
    std::lock_guard lock(protokoll_mutex_);
    // Saving unchanged facts again (or a list action) is not a new check.
    auto records = protokoll_->records(check.case_id);
    for (auto it = records.rbegin(); it != records.rend(); ++it) {
        if (it->kind != "pruefung") continue;
        if (it->facts == check.facts && it->result_json == check.result_json && it->user == check.user) {
            recorded.nr = it->nr;
            return recorded;
        }
        break;
    }
    recorded.nr = protokoll_->append_check(program, check);
    return recorded;
}

std::int64_t Desk::record_decision(const Visitor& v, std::int64_t check_nr, bool deviating, const std::string& reason,
                                   const std::string& note) {
    protokoll::DecisionInput decision;
    decision.check_nr = check_nr;
    decision.decision = deviating ? protokoll::Decision::deviating : protokoll::Decision::adopted;
    decision.reason = reason;
    decision.note = note;
    decision.user = recorded_user(v);
    std::lock_guard lock(protokoll_mutex_);
    return protokoll_->append_decision(decision);
}

std::optional<std::int64_t> Desk::erase_from_protokoll(const Visitor& v, const std::string& kennung) {
    std::lock_guard lock(protokoll_mutex_);
    if (kennung.empty() || protokoll_->records(kennung).empty()) return std::nullopt;
    return protokoll_->erase_case(kennung, "Fall im KI-Desk gelöscht", recorded_user(v));
}

}  // namespace klappt::web
