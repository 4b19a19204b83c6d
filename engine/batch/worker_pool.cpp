#include "engine/batch/worker_pool.hpp"

#include "engine/input/case_loader.hpp"
#include "engine/input/csv_reader.hpp"
#include "engine/render/case_output.hpp"

namespace klappt::batch_detail {

std::optional<std::string> evaluate_case(CaseRunner& runner, const ResultWriter& writer, const Case& kase,
                                         std::string& out) {
    const CaseResult& result = runner.run(kase);
    if (result.evaluated()) {
        writer.write_case(result, out);
        return std::nullopt;
    }
    writer.write_error(kase.id, {{"", result.error, {}}}, out);
    return result.error;
}

void process_chunk(WorkerState& w, const ResultWriter& writer, Chunk& chunk) {
    chunk.out.clear();
    chunk.messages.clear();
    chunk.counts = {};
    CsvReader reader(chunk.text, chunk.file->delimiter, chunk.first_line);
    CsvCaseReader rows(*chunk.file->mapping);
    std::string where;
    while (reader.next(w.cells)) {
        ++chunk.counts.cases;
        if (!reader.row_error().empty()) {  // a stray quote, a row too long: this row only
            ++chunk.counts.invalid;
            chunk.messages.append(chunk.file->name).append(":").append(std::to_string(reader.line())).append(": ")
                .append(reader.row_error()).append("\n");
            writer.write_error("", {{"", reader.row_error(), {}}}, chunk.out);
            continue;
        }
        if (!rows.read(w.cells, reader.line(), w.kase, w.runner.evaluator())) {
            ++chunk.counts.invalid;
            for (const std::string& m : rows.messages())
                chunk.messages.append(chunk.file->name).append(":").append(std::to_string(reader.line())).append(": ").append(m).append("\n");
            writer.write_error(w.kase.id, rows.errors(), chunk.out);
            continue;
        }
        if (auto failed = evaluate_case(w.runner, writer, w.kase, chunk.out)) {
            ++chunk.counts.invalid;
            chunk.messages.append(chunk.file->name).append(":").append(std::to_string(reader.line())).append(": ")
                .append(case_prefix(w.kase.id)).append(*failed).append("\n");
        }
    }
    if (!reader.error().empty()) {
        ++chunk.counts.file_errors;
        chunk.messages.append(chunk.file->name).append(": ").append(reader.error()).append("\n");
    }
}

}  // namespace klappt::batch_detail
