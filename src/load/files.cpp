// Finding and reading files on disk (files.hpp).
#include "load/files.hpp"

#include <algorithm>
#include <fstream>
#include <set>

#include "common/diagnostics.hpp"
#include "load/yaml_source.hpp"

namespace parley::detail {

namespace fs = std::filesystem;

namespace {

void io_problem(std::vector<Diagnostic>& problems, const fs::path& path, std::string message) {
    problems.push_back(make_diagnostic(Rule::io_error, {path.string(), 0, 0}, std::move(message)));
}

void walk(const fs::path& dir, bool (*wanted)(const fs::path&), std::set<fs::path>& visited,
          std::vector<fs::path>& found, std::vector<Diagnostic>& problems) {
    std::error_code ec;
    fs::path identity = fs::canonical(dir, ec);
    if (!ec && !visited.insert(identity).second) return;  // reached again through a link
    fs::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const fs::path& path = it->path();
        std::error_code entry_ec;
        const bool is_link = it->is_symlink(entry_ec);
        fs::file_status status = fs::status(path, entry_ec);  // through the link, if it is one
        if (entry_ec) {
            if (wanted(path) || !is_link)
                io_problem(problems, path, is_link ? "this link leads nowhere (its target is missing, or links loop): " +
                                                         entry_ec.message()
                                                   : "cannot read this entry: " + entry_ec.message());
            continue;
        }
        if (fs::is_directory(status)) walk(path, wanted, visited, found, problems);
        else if (wanted(path)) found.push_back(path);
    }
    if (ec) io_problem(problems, dir, "cannot list this directory: " + ec.message());
}

}  // namespace

std::vector<fs::path> find_files(const fs::path& root, bool (*wanted)(const fs::path&), std::vector<Diagnostic>& problems) {
    std::vector<fs::path> found;
    std::set<fs::path> visited;
    walk(root, wanted, visited, found, problems);
    std::sort(found.begin(), found.end());  // the same files in the same order everywhere
    return found;
}

std::optional<std::string> read_file(const fs::path& path, std::vector<Diagnostic>& problems) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        io_problem(problems, path, fs::is_symlink(fs::symlink_status(path, ec)) ? "this link leads nowhere" : "no such file or directory");
        return std::nullopt;
    }
    if (!fs::is_regular_file(status)) {
        io_problem(problems, path, fs::is_directory(status) ? "this is a directory, not a file" : "this is not a regular file");
        return std::nullopt;
    }
    std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > max_file_bytes) {
        problems.push_back(make_diagnostic(Rule::file_too_large, {path.string(), 0, 0},
                                           "this file is " + std::to_string(size) + " bytes; the limit is " +
                                               std::to_string(max_file_bytes)));
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        io_problem(problems, path, "cannot read this file");
        return std::nullopt;
    }
    // At most one byte over the limit, should the file have grown since: the reader reports that.
    std::string text(static_cast<std::size_t>(ec ? 0 : size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    char extra[4096];
    while (text.size() <= max_file_bytes && in.read(extra, sizeof extra).gcount() > 0)
        text.append(extra, static_cast<std::size_t>(in.gcount()));
    if (in.bad()) {
        io_problem(problems, path, "cannot read this file");
        return std::nullopt;
    }
    return text;
}

}  // namespace parley::detail
