#pragma once
// The YAML side of test files (`*.test.yaml`, docs/testing.md): text in, a TestSuite or diagnostics
// out. Only src/load knows yaml-cpp; the public load_tests/parse_tests (src/testing) call this.
#include <string>
#include <string_view>

#include "parley/result.hpp"
#include "parley/test_suite.hpp"

namespace parley::detail {

/// Reads a test file's text. Every problem comes back with file:line:col and a `test-` rule id
/// (yaml-cpp's exceptions become `yaml-syntax` diagnostics); `library:` is resolved against the
/// folder of `file_name`, and is that folder when the file has none.
Result<testing::TestSuite> read_test_file(std::string_view yaml, const std::string& file_name);

}  // namespace parley::detail
