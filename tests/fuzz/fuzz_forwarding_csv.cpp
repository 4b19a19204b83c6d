// libFuzzer entry point: a forwarding list (klappt weiterleitung, CSV from Excel) with the
// bundled Zuwendungsbescheid through the finance rule set and all three report forms.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_finance.hpp"

using namespace klappt;

namespace {
SourceRef bescheid;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::finance() = fuzz::load_or_die(fuzz::finance_directory());
    bescheid = fuzz::finance_example_or_die("bescheid_rhein_kreis_neuss.yaml");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::run_finance(bescheid, fuzz::source(data, size, "weiterleitungen.csv"));
    return 0;
}
