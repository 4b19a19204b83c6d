# The build refuses a wrong-way include: each folder of the project declares which other
# folders its files may include, and before its library is compiled the build checks every
# `#include "…"` of the folder against that list (check_includes.cmake).  Like Bazel's
# layering_check or Chromium's checkdeps, but with nothing beyond CMake.

# klappt_check_includes(<target> <folder> MAY_INCLUDE <folder prefix>...)
function(klappt_check_includes target folder)
  cmake_parse_arguments(ARG "" "" "MAY_INCLUDE" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${folder}/*.hpp ${PROJECT_SOURCE_DIR}/${folder}/*.cpp)
  string(REPLACE ";" "," may_include "${ARG_MAY_INCLUDE}")
  set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${target}.includes-checked)
  add_custom_command(OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} -DFOLDER=${folder} -DMAY_INCLUDE=${may_include}
            -P ${PROJECT_SOURCE_DIR}/cmake/check_includes.cmake
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    DEPENDS ${sources} ${PROJECT_SOURCE_DIR}/cmake/check_includes.cmake
    COMMENT "Checking the includes of ${folder}" VERBATIM)
  add_custom_target(${target}_includes DEPENDS ${stamp})
  add_dependencies(${target} ${target}_includes)
endfunction()

# klappt_engine_layer(<name> SOURCES <file>... USES <layer or dsl>...)
# A folder engine/<name> as the library klappt_<name>: it links exactly the layers it may
# include, so the list of what a layer uses is written once.
function(klappt_engine_layer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;USES" ${ARGN})
  add_library(klappt_${name} STATIC ${ARG_SOURCES})
  target_include_directories(klappt_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(klappt_${name} PRIVATE klappt_warnings)
  set(prefixes "")
  foreach(used IN LISTS ARG_USES)
    target_link_libraries(klappt_${name} PUBLIC klappt_${used})
    if(used STREQUAL "dsl")
      list(APPEND prefixes dsl)
    else()
      list(APPEND prefixes engine/${used})
    endif()
  endforeach()
  klappt_check_includes(klappt_${name} engine/${name} MAY_INCLUDE ${prefixes})
endfunction()
