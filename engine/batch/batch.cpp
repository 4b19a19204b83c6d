#include "engine/batch.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

#include "engine/batch_csv.hpp"
#include "engine/calendar.hpp"
#include "engine/case_loader.hpp"
#include "engine/case_result.hpp"
#include "engine/csv_case_loader.hpp"
#include "engine/csv_reader.hpp"
#include "engine/csv_writer.hpp"
#include "engine/value_format.hpp"
#include "dsl/limits.hpp"

namespace klappt {

namespace {

constexpr std::size_t kFlushBytes = 1 << 20;  // YAML results are handed on in blocks of about this size


// A string literal, without measuring it at run time.
template <std::size_t N>
void put(std::string& out, const char (&literal)[N]) {
    out.append(literal, N - 1);
}

void append_int(std::string& out, std::int64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

// 9365.00 (money::plain without the temporary string).
void append_cents(std::string& out, std::int64_t cents) {
    std::uint64_t v = static_cast<std::uint64_t>(cents);
    if (cents < 0) {
        out.push_back('-');
        v = 0 - v;
    }
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v / 100);
    out.append(buf, r.ptr);
    unsigned frac = static_cast<unsigned>(v % 100);
    out.push_back('.');
    out.push_back(static_cast<char>('0' + frac / 10));
    out.push_back(static_cast<char>('0' + frac % 10));
}

// 2021-03-15 (calendar::iso without the temporary string).
void append_iso_date(std::string& out, std::int32_t day) {
    // H. Hinnant's civil_from_days.
    std::int64_t z = static_cast<std::int64_t>(day) + 719468;
    std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    auto doe = static_cast<unsigned>(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < 0 || y > 9999) {
        out.append(calendar::iso(calendar::from_day_number(day)));
        return;
    }
    char buf[10];
    auto year = static_cast<unsigned>(y);
    buf[0] = static_cast<char>('0' + year / 1000);
    buf[1] = static_cast<char>('0' + year / 100 % 10);
    buf[2] = static_cast<char>('0' + year / 10 % 10);
    buf[3] = static_cast<char>('0' + year % 10);
    buf[4] = '-';
    buf[5] = static_cast<char>('0' + m / 10);
    buf[6] = static_cast<char>('0' + m % 10);
    buf[7] = '-';
    buf[8] = static_cast<char>('0' + d / 10);
    buf[9] = static_cast<char>('0' + d % 10);
    out.append(buf, 10);
}

// A CSV cell of batch's table (engine/csv_writer: quoted when needed, formulas neutralised).
void append_csv_cell(std::string& out, std::string_view cell) { klappt::append_csv_cell(out, cell, ','); }

}  // namespace

// ---- formatting results ------------------------------------------------------------

ResultWriter::ResultWriter(const Program& program, BatchFormat format, bool csv_bom)
    : program_(program), format_(format) {
    if (format_ == BatchFormat::csv) csv_ = std::make_shared<const GermanCsvTable>(program, csv_bom);
    const RuleSet& rules = program.rules;
    auto column = [&](const std::string& name, TypeId type) {
        Column c;
        std::string key;
        JsonOut json(key);
        json.key(name);
        key.push_back(' ');
        c.key = format_ == BatchFormat::jsonl ? key : name;
        c.type = type;
        TypeId t = rules.types.strip_optional(type);
        c.kind = rules.types.kind(t);
        if (c.kind == TypeKind::enumeration) {
            c.enum_values = &rules.enums[rules.types[t].ref].values;
            for (const std::string& v : *c.enum_values) {
                std::string quoted;
                JsonOut(quoted).string(v);
                c.enum_json.push_back(quoted);
            }
        }
        if (!is_scalar_kind(c.kind)) fast_ = false;
        // The longest JSON of the value: `"key": ` + value + `, `.
        std::size_t longest = 0;
        switch (c.kind) {
            case TypeKind::boolean: longest = 5; break;
            case TypeKind::integer: longest = 20; break;
            case TypeKind::money: longest = 2 + 24; break;
            case TypeKind::date: longest = 2 + 16; break;
            case TypeKind::enumeration:
                for (const std::string& v : c.enum_json) longest = std::max(longest, v.size());
                break;
            default: bounded_ = false; break;
        }
        max_line_ += key.size() + std::max<std::size_t>(longest, 4) + 2;
        return c;
    };
    if (rules.case_id_input) id_ = column(rules.inputs[*rules.case_id_input].field.name, rules.inputs[*rules.case_id_input].field.type);
    if (rules.check_date_input)
        check_date_ = column(rules.inputs[*rules.check_date_input].field.name, rules.inputs[*rules.check_date_input].field.type);
    for (const OutputRef& ref : rules.outputs) {
        const Definition& def = program.definition(ref.module, ref.definition);
        outputs_.push_back(column(def.name, def.type));
    }
    if (!program.manifest.version.empty()) {
        JsonOut json(regeln_);
        max_line_ += 2;
        json.key("regeln");
        json.raw(" {");
        json.key("version");
        json.raw(" ");
        json.string(program.manifest.version);
        json.raw(", ");
        json.key("sha256");
        json.raw(" ");
        json.string(program.sha256);
        json.raw("}");
    }
    max_line_ += regeln_.size() + 4;  // {, }, newline
}

std::string ResultWriter::header() const {
    if (format_ != BatchFormat::csv) return "";
    return csv_->header();
}

void ResultWriter::write_scalar(const Column& column, const Value& v, std::string& out) const {
    bool json = format_ == BatchFormat::jsonl;
    if (!v.present) {
        if (json) put(out, "null");
        return;
    }
    switch (column.kind) {
        case TypeKind::boolean:
            if (v.b) put(out, "true");
            else put(out, "false");
            return;
        case TypeKind::integer: append_int(out, v.i); return;
        case TypeKind::money:
            if (json) out.push_back('"');
            append_cents(out, v.i);
            if (json) out.push_back('"');
            return;
        case TypeKind::date:
            if (json) out.push_back('"');
            append_iso_date(out, v.day);
            if (json) out.push_back('"');
            return;
        case TypeKind::enumeration: {
            const std::string& name = (*column.enum_values)[v.ordinal];
            if (json) JsonOut(out).string(name);
            else append_csv_cell(out, name);
            return;
        }
        case TypeKind::text:
            if (json) JsonOut(out).string(v.str());
            else append_csv_cell(out, v.str());
            return;
        default: {
            std::string text = json_scalar(program_, v, column.type);
            if (json) {
                out.append(text);
            } else {
                if (text.size() >= 2 && text.front() == '"') text = text.substr(1, text.size() - 2);  // plain text in CSV
                append_csv_cell(out, text);
            }
            return;
        }
    }
}

// The scalars whose JSON has a known longest length, written straight into memory
// reserved for the whole line.
char* ResultWriter::write_bounded(const Column& column, const Value& v, char* p) const {
    if (!v.present) {
        std::memcpy(p, "null", 4);
        return p + 4;
    }
    switch (column.kind) {
        case TypeKind::boolean:
            if (v.b) {
                std::memcpy(p, "true", 4);
                return p + 4;
            }
            std::memcpy(p, "false", 5);
            return p + 5;
        case TypeKind::integer: return std::to_chars(p, p + 20, v.i).ptr;
        case TypeKind::money: {
            std::uint64_t cents = static_cast<std::uint64_t>(v.i);
            *p++ = '"';
            if (v.i < 0) {
                *p++ = '-';
                cents = 0 - cents;
            }
            p = std::to_chars(p, p + 20, cents / 100).ptr;
            unsigned frac = static_cast<unsigned>(cents % 100);
            *p++ = '.';
            *p++ = static_cast<char>('0' + frac / 10);
            *p++ = static_cast<char>('0' + frac % 10);
            *p++ = '"';
            return p;
        }
        case TypeKind::date: {
            std::string date;
            append_iso_date(date, v.day);  // 10 characters (up to 16 far from today)
            *p++ = '"';
            std::memcpy(p, date.data(), date.size());
            p += date.size();
            *p++ = '"';
            return p;
        }
        case TypeKind::enumeration: {
            const std::string& json = column.enum_json[v.ordinal];
            std::memcpy(p, json.data(), json.size());
            return p + json.size();
        }
        default: return p;  // not bounded: never called
    }
}

void ResultWriter::write_json_bounded(Evaluator& ev, std::string& out) const {
    const RuleSet& rules = program_.rules;
    const Case& kase = ev.current_case();
    std::size_t start = out.size();
    out.resize(start + max_line_);
    char* p = out.data() + start;
    *p++ = '{';
    bool first = true;
    auto item = [&](const Column& c) {
        if (!first) {
            *p++ = ',';
            *p++ = ' ';
        }
        first = false;
        std::memcpy(p, c.key.data(), c.key.size());
        p += c.key.size();
    };
    if (id_) {
        item(*id_);
        p = write_bounded(*id_, kase.inputs[*rules.case_id_input], p);
    }
    if (check_date_) {
        item(*check_date_);
        p = write_bounded(*check_date_, kase.inputs[*rules.check_date_input], p);
    }
    if (!regeln_.empty()) {
        if (!first) {
            *p++ = ',';
            *p++ = ' ';
        }
        first = false;
        std::memcpy(p, regeln_.data(), regeln_.size());
        p += regeln_.size();
    }
    for (std::size_t i = 0; i < outputs_.size(); ++i) {
        item(outputs_[i]);
        p = write_bounded(outputs_[i], ev.output(i), p);
    }
    *p++ = '}';
    *p++ = '\n';
    out.resize(static_cast<std::size_t>(p - out.data()));
}

void ResultWriter::write_case(Evaluator& ev, std::string& out) const {
    if (format_ == BatchFormat::csv) {
        write_csv(ev, out);
        return;
    }
    if (bounded_ && fast_) {
        write_json_bounded(ev, out);
        return;
    }
    if (!fast_) {
        out.append(case_json(ev));
        out.push_back('\n');
        return;
    }
    const RuleSet& rules = program_.rules;
    const Case& kase = ev.current_case();
    out.push_back('{');
    bool first = true;
    auto item = [&](const Column& c) {
        if (!first) put(out, ", ");
        first = false;
        out.append(c.key);
    };
    if (id_) {
        item(*id_);
        write_scalar(*id_, kase.inputs[*rules.case_id_input], out);
    }
    if (check_date_) {
        item(*check_date_);
        write_scalar(*check_date_, kase.inputs[*rules.check_date_input], out);
    }
    if (!regeln_.empty()) {
        if (!first) put(out, ", ");
        first = false;
        out.append(regeln_);
    }
    for (std::size_t i = 0; i < outputs_.size(); ++i) {
        item(outputs_[i]);
        write_scalar(outputs_[i], ev.output(i), out);
    }
    put(out, "}\n");
}

void ResultWriter::write_csv(Evaluator& ev, std::string& out) const { csv_->write_case(ev, out); }

void ResultWriter::write_error(const std::string& id, const std::vector<FieldError>& errors, std::string& out) const {
    if (format_ == BatchFormat::jsonl) {
        out.append(case_error_json(program_, id, errors));
        out.push_back('\n');
        return;
    }
    csv_->write_error(id, errors, out);
}

// ---- running a batch ------------------------------------------------------------------

namespace {

struct CsvFile {
    std::string name;
    const CsvCaseMapping* mapping = nullptr;
    char delimiter = ',';
};

// Whole rows of one CSV file, evaluated by one worker.
struct Chunk {
    const CsvFile* file = nullptr;
    std::string text;
    std::uint32_t first_line = 0;
    std::string out, messages;
    BatchSummary counts;
    bool done = false;
    std::exception_ptr failure;  // an unexpected exception in the worker, rethrown in order
};

// What one thread needs to evaluate cases, reused for every case.
struct WorkerState {
    explicit WorkerState(const Program& program) : evaluator(program) {}
    Evaluator evaluator;
    Case kase;
    std::vector<std::string_view> cells;
};

// Evaluates `kase` and appends its result.  An evaluation error (overflow, a parameter
// without a valid value …) appends a `fehler` record instead and returns its message.
std::optional<std::string> evaluate_case(Evaluator& evaluator, const ResultWriter& writer, const Case& kase,
                                         std::string& out) {
    std::size_t mark = out.size();
    try {
        evaluator.start(kase);
        writer.write_case(evaluator, out);
        return std::nullopt;
    } catch (const EvaluationError& e) {
        out.resize(mark);
        std::string message = evaluation_error_text(evaluator.program(), e);
        writer.write_error(kase.id, {{"", message, {}}}, out);
        return message;
    }
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
        if (!rows.read(w.cells, reader.line(), w.kase, w.evaluator)) {
            ++chunk.counts.invalid;
            for (const std::string& m : rows.messages())
                chunk.messages.append(chunk.file->name).append(":").append(std::to_string(reader.line())).append(": ").append(m).append("\n");
            writer.write_error(w.kase.id, rows.errors(), chunk.out);
            continue;
        }
        if (auto failed = evaluate_case(w.evaluator, writer, w.kase, chunk.out)) {
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

// Worker threads, each with its own Evaluator; chunks are handed out in order and
// their completion awaited in order by the reading thread.
class WorkerPool {
public:
    WorkerPool(unsigned threads, const Program& program, const ResultWriter& writer) : writer_(writer) {
        for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this, &program] { run(program); });
    }
    ~WorkerPool() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        work_.notify_all();
        for (auto& t : threads_) t.join();
    }
    void submit(Chunk& chunk) {
        {
            std::lock_guard lock(mutex_);
            chunk.done = false;
            queue_.push_back(&chunk);
        }
        work_.notify_one();
    }
    void wait(Chunk& chunk) {
        std::unique_lock lock(mutex_);
        done_.wait(lock, [&] { return chunk.done; });
    }

private:
    void run(const Program& program) {
        WorkerState state(program);
        for (;;) {
            Chunk* chunk;
            {
                std::unique_lock lock(mutex_);
                work_.wait(lock, [&] { return stop_ || !queue_.empty(); });
                if (queue_.empty()) return;
                chunk = queue_.front();
                queue_.pop_front();
            }
            try {
                process_chunk(state, writer_, *chunk);
            } catch (...) {
                chunk->failure = std::current_exception();
            }
            {
                std::lock_guard lock(mutex_);
                chunk->done = true;
            }
            done_.notify_all();
        }
    }

    const ResultWriter& writer_;
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable work_, done_;
    std::deque<Chunk*> queue_;
    bool stop_ = false;
};

// The end of the last whole row in `text` (just after its line break), or npos: rows end
// exactly where CsvReader ends them (csv_row_extent) — an error row too, so a stray quote
// costs one row.  A row that goes on past `text` is left for the next chunk.
std::size_t last_row_end(std::string_view text) {
    if (text.size() <= limits::kMaxCsvRowBytes && !std::memchr(text.data(), '"', text.size())) {
        const void* nl = ::memrchr(text.data(), '\n', text.size());
        return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1 : std::string_view::npos;
    }
    std::size_t last = std::string_view::npos;
    for (std::size_t pos = 0; pos < text.size();) {
        CsvRowExtent row = csv_row_extent(text, pos, false);
        if (row.status == CsvRowExtent::Status::need_more || row.end == std::string_view::npos) break;
        last = pos = row.end;
    }
    return last;
}

// A file read in blocks; `pending` holds what is read and not yet handed on.
struct FileInput {
    explicit FileInput(std::FILE* f) : file(f) {}
    FileInput(const FileInput&) = delete;
    FileInput& operator=(const FileInput&) = delete;

    std::FILE* file;
    std::string pending;
    bool eof = false, failed = false;
    int error = 0;

    ~FileInput() { std::fclose(file); }
    void read_more(std::size_t bytes) {
        std::size_t old = pending.size();
        pending.resize(old + bytes);
        std::size_t got = std::fread(pending.data() + old, 1, bytes, file);
        pending.resize(old + got);
        if (got < bytes) {
            eof = true;
            failed = std::ferror(file) != 0;
            error = errno;
        }
    }
};

// The end of the header row, or npos when `text` does not hold all of it yet.
std::size_t first_row_end(std::string_view text, bool at_end) {
    CsvRowExtent row = csv_row_extent(text, 0, at_end);
    return row.status == CsvRowExtent::Status::need_more ? std::string_view::npos : row.end;
}

class BatchRun {
public:
    BatchRun(const Program& program, const BatchOptions& options, BatchSink& sink)
        : program_(program), options_(options), sink_(sink), writer_(program, options.format, options.csv_bom) {
        unsigned threads = std::clamp(options.threads, 1u, batch_thread_limit());
        if (threads > 1) pool_.emplace(threads, program, writer_);
        else inline_.emplace(program);
        ring_.resize(threads > 1 ? 2 * threads + 2 : 1);
        if (options_.chunk_bytes == 0) options_.chunk_bytes = 1;
    }

    BatchSummary run(const std::vector<std::string>& files) {
        std::string header = writer_.header();
        if (!header.empty()) sink_.results(header);
        for (const std::string& path : files) {
            std::string extension = std::filesystem::path(path).extension().string();
            std::transform(extension.begin(), extension.end(), extension.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (extension == ".csv") run_csv(path);
            else run_yaml(path);
        }
        return summary_;
    }

private:
    void add(const BatchSummary& counts) {
        summary_.cases += counts.cases;
        summary_.invalid += counts.invalid;
        summary_.file_errors += counts.file_errors;
    }

    void file_error(const std::string& message) {
        ++summary_.file_errors;
        sink_.messages(message + "\n");
    }

    // ---- YAML: one document at a time, in this thread.
    void run_yaml(const std::string& path) {
        std::string error;
        SourceRef file = read_source_file(path, error);
        if (!file) {
            file_error(error);
            return;
        }
        WorkerState& state = yaml_state();
        Diagnostics file_diagnostics;
        std::string out, messages;
        BatchSummary counts;
        for_each_case_yaml(program_, file, file_diagnostics, [&](CaseDocument& doc, const Diagnostics& diagnostics) {
            ++counts.cases;
            messages += render(diagnostics);
            if (!doc.data) {
                ++counts.invalid;
                writer_.write_error(doc.id, doc.errors, out);
            } else {
                if (auto failed = evaluate_case(state.evaluator, writer_, *doc.data, out)) {
                    ++counts.invalid;
                    messages += file->name() + ": error: " + case_prefix(doc.data->id) + *failed + "\n";
                }
            }
            if (out.size() >= kFlushBytes || messages.size() >= kFlushBytes) {
                sink_.messages(messages);
                sink_.results(out);
                out.clear();
                messages.clear();
            }
        });
        messages += render(file_diagnostics);
        if (file_diagnostics.has_errors()) ++counts.file_errors;
        sink_.messages(messages);
        sink_.results(out);
        add(counts);
    }

    WorkerState& yaml_state() {
        if (!inline_) inline_.emplace(program_);
        return *inline_;
    }

    // ---- CSV: chunks of whole rows, evaluated by the workers, handed on in order.
    void run_csv(const std::string& path) {
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (!f) {
            file_error(errno == ENOENT ? "Datei nicht gefunden: " + path
                                       : "Datei kann nicht gelesen werden: " + path + " (" + std::strerror(errno) + ")");
            return;
        }
        FileInput input(f);

        // The header: the first row.
        std::size_t header_end = std::string::npos;
        while ((header_end = first_row_end(input.pending, input.eof)) == std::string::npos && !input.eof &&
               input.pending.size() <= limits::kMaxCsvRowBytes)
            input.read_more(options_.chunk_bytes);
        if (header_end == std::string::npos) header_end = std::min(input.pending.size(), limits::kMaxCsvRowBytes + 1);
        std::string_view header_text(input.pending.data(), header_end);
        CsvReader header_reader(header_text);
        std::vector<std::string_view> header;
        if (input.failed || !header_reader.next(header)) {
            file_error(input.failed ? path + ": Lesefehler (" + std::strerror(input.error) + ")"
                                    : path + ": leere Datei: keine Kopfzeile mit den Spaltennamen gefunden");
            return;
        }
        if (!header_reader.row_error().empty()) {
            file_error(path + ":" + std::to_string(header_reader.line()) + ": Kopfzeile: " + header_reader.row_error() +
                       "; die Datei wird nicht ausgewertet");
            return;
        }
        CsvCaseMapping mapping(program_, header);
        if (!mapping.problems().empty()) {
            std::string text;
            for (const std::string& p : mapping.problems())
                text += path + ":" + std::to_string(header_reader.line()) + ": " + p + "\n";
            text += path + ": die Spalten passen nicht zum Regelwerk; die Datei wird nicht ausgewertet\n";
            ++summary_.file_errors;
            sink_.messages(text);
            return;
        }
        CsvFile file{path, &mapping, header_reader.delimiter()};
        auto line = static_cast<std::uint32_t>(1 + std::count(header_text.begin(), header_text.end(), '\n'));
        input.pending.erase(0, header_end);
        try {
            run_csv_rows(file, input, line);
        } catch (...) {
            // Workers may still read chunks that point at `file` and `mapping`: let them finish first.
            while (written_ < submitted_) {
                Chunk& chunk = ring_[written_++ % ring_.size()];
                if (pool_) pool_->wait(chunk);
            }
            throw;
        }
    }

    // Cuts the rest of the file into chunks of whole rows of about chunk_bytes.
    void run_csv_rows(const CsvFile& file, FileInput& input, std::uint32_t line) {
        std::size_t target = options_.chunk_bytes;
        for (;;) {
            while (!input.eof && input.pending.size() < target) input.read_more(target - input.pending.size());
            if (input.failed) {
                file_error(file.name + ": Lesefehler (" + std::strerror(input.error) + ")");
                break;
            }
            if (input.pending.empty()) break;
            std::size_t cut = input.eof ? input.pending.size() : last_row_end(input.pending);
            if (cut == std::string::npos && input.pending.size() <= limits::kMaxCsvRowBytes) {
                target = input.pending.size() + options_.chunk_bytes;  // one row longer than a chunk
                continue;
            }
            bool too_long = cut == std::string::npos;  // a line longer than any row may be, not ended yet
            if (too_long) cut = limits::kMaxCsvRowBytes + 1;  // enough for the worker to see it is too long
            target = options_.chunk_bytes;
            Chunk& chunk = next_slot();
            chunk.file = &file;
            chunk.text.assign(input.pending, 0, cut);
            chunk.first_line = line;
            line += static_cast<std::uint32_t>(std::count(chunk.text.begin(), chunk.text.end(), '\n'));
            input.pending.erase(0, cut);
            submit(chunk);
            if (too_long && skip_line(input)) ++line;
        }
        drain();  // before `file` and its mapping end with run_csv
    }

    // Drops the rest of a too long line, up to and with its line break (read in blocks,
    // so memory stays bounded); false when the input ends first.
    bool skip_line(FileInput& input) {
        for (;;) {
            if (const void* nl = std::memchr(input.pending.data(), '\n', input.pending.size())) {
                input.pending.erase(0, static_cast<std::size_t>(static_cast<const char*>(nl) - input.pending.data()) + 1);
                return true;
            }
            input.pending.clear();
            if (input.eof) return false;
            input.read_more(options_.chunk_bytes);
        }
    }

    Chunk& next_slot() {
        if (submitted_ - written_ == ring_.size()) flush_one();
        return ring_[submitted_ % ring_.size()];
    }

    void submit(Chunk& chunk) {
        ++submitted_;
        chunk.failure = nullptr;
        if (pool_) {
            pool_->submit(chunk);
        } else {
            process_chunk(*inline_, writer_, chunk);
            chunk.done = true;
        }
    }

    void flush_one() {
        Chunk& chunk = ring_[written_ % ring_.size()];
        if (pool_) pool_->wait(chunk);
        ++written_;
        if (chunk.failure) std::rethrow_exception(chunk.failure);
        sink_.messages(chunk.messages);
        sink_.results(chunk.out);
        add(chunk.counts);
    }

    void drain() {
        while (written_ < submitted_) flush_one();
    }

    const Program& program_;
    BatchOptions options_;
    BatchSink& sink_;
    ResultWriter writer_;
    std::optional<WorkerState> inline_;
    std::vector<Chunk> ring_;
    std::optional<WorkerPool> pool_;  // declared last: its threads are joined before the chunks and the writer go
    std::size_t submitted_ = 0, written_ = 0;
    BatchSummary summary_;
};

}  // namespace

unsigned batch_thread_limit() {
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    return std::min(limits::kMaxBatchThreads, cores * limits::kMaxBatchThreadsPerCore);
}

BatchSummary run_batch(const Program& program, const std::vector<std::string>& files, const BatchOptions& options,
                       BatchSink& sink) {
    BatchRun run(program, options, sink);
    return run.run(files);
}

}  // namespace klappt
