// The bundled rule set with one parameter value changed, as a policy author would change
// it: a copy of rules/ in a temporary folder, the value replaced in its parameter YAML,
// loaded afresh; the copy is removed when the object goes.
#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "engine/input/rule_set_loader.hpp"
#include "support/golden.hpp"

namespace klappt::testing {

class ChangedRules {
public:
    // In parameter/`file`, the first `wert: old` after `name:` becomes `wert: now`.
    ChangedRules(const std::string& file, const std::string& name, const std::string& old, const std::string& now)
        : copy_(std::filesystem::temp_directory_path() / ("klappt_changed_" + name + "_" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(copy_);
        std::filesystem::copy(source_dir() / "rules", copy_, std::filesystem::copy_options::recursive);
        std::filesystem::path yaml = copy_ / "parameter" / file;
        std::string text = read_file(yaml);
        std::size_t entry = text.find(name + ":");
        REQUIRE(entry != std::string::npos);
        std::size_t value = text.find("wert: " + old, entry);
        REQUIRE(value != std::string::npos);
        text.replace(value, ("wert: " + old).size(), "wert: " + now);
        write_file(yaml, text);
        loaded_ = load_rule_set(copy_);
        REQUIRE(loaded_.program);
    }
    ~ChangedRules() {
        std::error_code ignore;
        std::filesystem::remove_all(copy_, ignore);
    }
    ChangedRules(const ChangedRules&) = delete;
    ChangedRules& operator=(const ChangedRules&) = delete;

    const Program& program() const { return *loaded_.program; }

private:
    std::filesystem::path copy_;
    LoadResult loaded_;
};

}  // namespace klappt::testing
