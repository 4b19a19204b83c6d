// klappt batch's second output path: one result as a JSON line or a CSV row, written
// straight into the worker's buffer without allocating (the general renderers in
// engine/render build strings).  Its JSON equals case_json's to the byte (tests/batch).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/case_data.hpp"
#include "engine/result/case_result.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

class GermanCsvTable;

enum class BatchFormat { jsonl, csv };

// Formats one result: a JSON line exactly as case_json (io.md), or a CSV row.
// Scalar outputs are written straight into the buffer; rule sets with compound
// outputs (lists, records, module results) go through case_json.
class ResultWriter {
public:
    ResultWriter(const Program& program, BatchFormat format, bool csv_bom = true);

    // The CSV header line (with its newline); "" for JSON Lines.
    std::string header() const;
    // Appends an evaluated case's result (result.evaluated()), with a newline.
    void write_case(const CaseResult& result, std::string& out) const;
    // Appends the `fehler` record of an invalid case, with a newline.
    void write_error(const std::string& id, const std::vector<FieldError>& errors, std::string& out) const;

private:
    struct Column {
        std::string key;  // `"name": ` for JSON
        TypeId type = 0;
        TypeKind kind = TypeKind::error;
        const std::vector<std::string>* enum_values = nullptr;
        std::vector<std::string> enum_json;  // each enum value as a JSON string
    };
    void write_scalar(const Column& column, const Value& v, std::string& out) const;
    char* write_bounded(const Column& column, const Value& v, char* p) const;
    void write_json_bounded(const CaseResult& result, std::string& out) const;

    const Program& program_;
    BatchFormat format_;
    bool fast_ = true;     // every output, the id and the check date are scalars
    bool bounded_ = true;  // … of kinds whose JSON has a known longest length (no text)
    std::size_t max_line_ = 0;
    std::vector<Column> outputs_;
    std::string regeln_;  // `, "regeln": {…}` of io.md, or ""
    std::optional<Column> id_, check_date_;
    std::shared_ptr<const GermanCsvTable> csv_;  // --format csv (engine/batch_csv)
};

}  // namespace klappt
