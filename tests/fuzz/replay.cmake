# The fuzz harnesses as plain programs (tests/fuzz/replay_main.cpp) in the normal build: each
# replays its regression inputs (tests/fuzz/regressions/<target>/) as a ctest, so every crash
# ever found stays fixed — also under ASan/UBSan (build-asan).
add_library(klappt_fuzz_replay_main OBJECT ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cpp)
target_link_libraries(klappt_fuzz_replay_main PRIVATE klappt_warnings)

# replay_<harness> from tests/fuzz/<harness>.cpp, linked with the libraries after the name,
# and the ctest fuzz_replay.<harness> that runs it over its regression inputs.
function(klappt_fuzz_replay harness)
  add_executable(replay_${harness} ${PROJECT_SOURCE_DIR}/tests/fuzz/${harness}.cpp)
  target_include_directories(replay_${harness} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(replay_${harness} PRIVATE KLAPPT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_link_libraries(replay_${harness} PRIVATE klappt_fuzz_replay_main ${ARGN} klappt_warnings)
  add_test(NAME fuzz_replay.${harness}
           COMMAND replay_${harness} ${PROJECT_SOURCE_DIR}/tests/fuzz/regressions/${harness}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()

foreach(harness fuzz_rules fuzz_parameters fuzz_cases fuzz_case_csv fuzz_forwarding_csv fuzz_bescheid fuzz_rule_tests)
  klappt_fuzz_replay(${harness} klappt_engine)
endforeach()

# The web desk's request bodies (only where the desk is built).
if(TARGET klappt_web)
  klappt_fuzz_replay(fuzz_web_bodies klappt_web yaml-cpp)
endif()

# The Prüfprotokoll reader (only where it is built).
if(TARGET klappt_protokoll)
  klappt_fuzz_replay(fuzz_protokoll klappt_protokoll klappt_engine sqlite3)
endif()
