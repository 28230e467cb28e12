#pragma once
// Script and test files on disk: finding them under a directory and reading them, with nothing lost
// silently. A directory that cannot be listed, or a link that leads nowhere, is reported (io-error),
// not skipped; only regular files are read, and only up to the size limit (yaml_source.hpp).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "parley/diagnostic.hpp"

namespace parley::detail {

/// The files under directory `root` and its subdirectories (symbolic links to directories followed,
/// each directory once) whose path `wanted` accepts, sorted. Reports each directory that cannot be
/// listed, and each link `wanted` accepts whose target is missing or loops.
std::vector<std::filesystem::path> find_files(const std::filesystem::path& root,
                                              bool (*wanted)(const std::filesystem::path&),
                                              std::vector<Diagnostic>& problems);

/// The bytes of `path`, or nothing, reported: a path that is not a regular file (a directory, a
/// device such as /dev/zero, a pipe), cannot be read, or is over max_file_bytes (file-too-large).
std::optional<std::string> read_file(const std::filesystem::path& path, std::vector<Diagnostic>& problems);

}  // namespace parley::detail
