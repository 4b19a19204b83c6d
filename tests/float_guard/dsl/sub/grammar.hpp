// Fixture: a header one level deeper; the raw string runs over lines.
#pragma once
#include <math.h>  // HIT
inline const char* doc = R"(
  float double 0.5
)";
inline float f = 0;  // HIT
