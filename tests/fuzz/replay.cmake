# The fuzz harnesses as plain programs (tests/fuzz/replay_main.cpp) in the normal build: each
# replays its regression inputs (tests/fuzz/regressions/<target>/) as a ctest, so every crash
# ever found stays fixed — also under ASan/UBSan (build-asan).
add_library(klappt_fuzz_replay_main OBJECT ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cpp)
target_link_libraries(klappt_fuzz_replay_main PRIVATE klappt_warnings)

# replay_<harness> from tests/fuzz/<harness>.cpp (or SOURCE), linked with LIBRARIES, and the
# ctest fuzz_replay.<harness> that runs it over its regression inputs.
function(klappt_fuzz_replay harness)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "SOURCE" "LIBRARIES;DEFINITIONS")
  if(NOT arg_SOURCE)
    set(arg_SOURCE ${harness}.cpp)
  endif()
  add_executable(replay_${harness} ${PROJECT_SOURCE_DIR}/tests/fuzz/${arg_SOURCE})
  target_include_directories(replay_${harness} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(replay_${harness} PRIVATE KLAPPT_SOURCE_DIR="${PROJECT_SOURCE_DIR}" ${arg_DEFINITIONS})
  target_link_libraries(replay_${harness} PRIVATE klappt_fuzz_replay_main ${arg_LIBRARIES} klappt_warnings)
  add_test(NAME fuzz_replay.${harness}
           COMMAND replay_${harness} ${PROJECT_SOURCE_DIR}/tests/fuzz/regressions/${harness}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()

foreach(harness fuzz_rules fuzz_parameters fuzz_cases fuzz_case_csv fuzz_rule_tests)
  klappt_fuzz_replay(${harness} LIBRARIES klappt_engine)
endforeach()
klappt_fuzz_replay(fuzz_forwarding_csv SOURCE fuzz_finance.cpp LIBRARIES klappt_engine
                   DEFINITIONS KLAPPT_FUZZED_FINANCE_INPUT=forwardings)
klappt_fuzz_replay(fuzz_bescheid SOURCE fuzz_finance.cpp LIBRARIES klappt_engine
                   DEFINITIONS KLAPPT_FUZZED_FINANCE_INPUT=bescheid)

# The web desk's request bodies (only where the desk is built).
if(TARGET klappt_web)
  klappt_fuzz_replay(fuzz_web_bodies LIBRARIES klappt_web yaml-cpp)
endif()

# The Prüfprotokoll reader (only where it is built).
if(TARGET klappt_protokoll)
  klappt_fuzz_replay(fuzz_protokoll LIBRARIES klappt_protokoll klappt_engine sqlite3)
endif()
