// Fixture for tests/no_floating_point_money.sh --self-test: every line marked HIT
// must be reported, no other line.  A comment may say double, float or 1.5 freely.
#include <cmath>  // HIT
#include <string>

/* a block comment with double
   and float over two lines, 0.5 */
namespace fixture {

double share(long cents) { return cents * 0.8; }  // HIT (the type comes first)
long rounded(long cents) { return std::lround(cents * 4 / 5); }  // HIT
long parsed(const std::string& s) { return static_cast<long>(std::stod(s) * 100); }  // HIT
long from_c(const char* s) { return static_cast<long>(strtod(s, nullptr)); }  // HIT
long literal(long cents) { return cents * 1e2; }  // HIT
long dot_literal(long cents) { return cents * .5; }  // HIT
long float_suffix(long cents) { return cents * 2.f; }  // HIT

long separators() { return 3'000'000 + 1'5; }
const char* text() { return "a double 1.5 in a string"; }
char quote() { return '"'; }
const char* after_quote() { return "float"; }
const char* raw() { return R"x(double ")" 2.5)x"; }
long member_access(long v) { return v; }
long double_free = 1;
long floaty = 2;
long allowed(long x) { return x * 0.5; }  // allow-floating-point: fixture for the marker
int version_major = 1;

}  // namespace fixture
