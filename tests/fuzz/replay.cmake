# The fuzz harnesses as plain programs (tests/fuzz/replay_main.cpp) in the normal build: each
# replays its regression inputs (tests/fuzz/regressions/<target>/) as a ctest, so every crash
# ever found stays fixed — also under ASan/UBSan (build-asan).
add_library(klappt_fuzz_replay_main OBJECT ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cpp)
target_link_libraries(klappt_fuzz_replay_main PRIVATE klappt_warnings)
foreach(harness fuzz_rules fuzz_parameters fuzz_cases fuzz_case_csv fuzz_forwarding_csv fuzz_bescheid fuzz_rule_tests)
  add_executable(replay_${harness} ${PROJECT_SOURCE_DIR}/tests/fuzz/${harness}.cpp)
  target_include_directories(replay_${harness} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(replay_${harness} PRIVATE KLAPPT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_link_libraries(replay_${harness} PRIVATE klappt_fuzz_replay_main klappt_engine klappt_warnings)
  add_test(NAME fuzz_replay.${harness}
           COMMAND replay_${harness} ${PROJECT_SOURCE_DIR}/tests/fuzz/regressions/${harness}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endforeach()

# The web desk's request bodies (only where the desk is built).
if(TARGET klappt_web)
  add_executable(replay_fuzz_web_bodies ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_web_bodies.cpp)
  target_include_directories(replay_fuzz_web_bodies PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(replay_fuzz_web_bodies PRIVATE KLAPPT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_link_libraries(replay_fuzz_web_bodies PRIVATE klappt_fuzz_replay_main klappt_web yaml-cpp klappt_warnings)
  add_test(NAME fuzz_replay.fuzz_web_bodies
           COMMAND replay_fuzz_web_bodies ${PROJECT_SOURCE_DIR}/tests/fuzz/regressions/fuzz_web_bodies
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endif()

# The Prüfprotokoll reader (only where it is built).
if(TARGET klappt_protokoll)
  add_executable(replay_fuzz_protokoll ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_protokoll.cpp)
  target_include_directories(replay_fuzz_protokoll PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(replay_fuzz_protokoll PRIVATE KLAPPT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_link_libraries(replay_fuzz_protokoll PRIVATE klappt_fuzz_replay_main klappt_protokoll klappt_engine sqlite3 klappt_warnings)
  add_test(NAME fuzz_replay.fuzz_protokoll
           COMMAND replay_fuzz_protokoll ${PROJECT_SOURCE_DIR}/tests/fuzz/regressions/fuzz_protokoll
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endif()
