// Files on disk that must not be lost or read silently (issue 13, point 6): an unreadable
// subdirectory, a dangling or looping link, a device or pipe, a file over the size limit, and a
// file with two YAML documents. Each is a diagnostic naming the file, and `parley lint` fails.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli.hpp"

using namespace cli_test;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string tiny_script(const std::string& id) {
    return "script: " + id + "\nversion: 1\nstart: a\nnodes:\n  a:\n    end: resolved\n";
}

// A fresh directory holding one small script that lints clean; removed when done.
struct Folder {
    std::string path;
    Folder() {
        char name[] = "/tmp/parley-files-XXXXXX";
        path = mkdtemp(name);
        fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
        std::ofstream(path + "/s.yaml") << tiny_script("s");
    }
    ~Folder() {
        std::error_code ec;
        for (const auto& e : fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec))
            fs::permissions(e.path(), fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path, ec);
    }
};

}  // namespace

TEST_CASE("files: the folder itself loads (the cases below each add one problem to it)") {
    Folder f;
    CHECK(run("lint " + f.path).exit_code == 0);
}

TEST_CASE("files: a dangling or looping symbolic link named like a script is an io-error") {
    Folder f;
    fs::create_symlink(f.path + "/gone.yaml", f.path + "/dangling.yaml");
    fs::create_symlink(f.path + "/loop_b.yaml", f.path + "/loop_a.yaml");
    fs::create_symlink(f.path + "/loop_a.yaml", f.path + "/loop_b.yaml");
    Output o = run("lint " + f.path);
    CHECK(o.exit_code == 2);
    CHECK(contains(o.out, f.path + "/dangling.yaml: error: this link leads nowhere"));
    CHECK(contains(o.out, f.path + "/loop_a.yaml: error: this link leads nowhere"));
    CHECK(contains(o.out, "[io-error]"));
}

TEST_CASE("files: an unreadable subdirectory is an io-error, not skipped") {
    Folder f;
    fs::create_directory(f.path + "/private");
    std::ofstream(f.path + "/private/t.yaml") << tiny_script("t");
    fs::permissions(f.path + "/private", fs::perms::none);
    // root reads any directory: run the CLI as nobody then.
    Output o = run("lint " + f.path, "", geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups" : "");
    CHECK(o.exit_code == 2);
    CHECK(contains(o.out, f.path + "/private: error: cannot list this directory"));
    CHECK(contains(o.out, "[io-error]"));
}

TEST_CASE("files: parley test reports an unreadable subdirectory and still runs the test files it can read") {
    Folder f;
    fs::create_directory(f.path + "/lib");  // the library apart, so that it loads
    std::ofstream(f.path + "/lib/t.yaml") << tiny_script("t");
    std::ofstream(f.path + "/t.test.yaml") << "library: lib\ntests:\n  - name: ends\n    script: t\n    start: {outcome: resolved}\n";
    fs::create_directory(f.path + "/private");
    std::ofstream(f.path + "/private/u.test.yaml") << "tests: []\n";
    fs::permissions(f.path + "/private", fs::perms::none);
    Output o = run("test " + f.path, "", geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups" : "");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 1);
    CHECK(contains(o.err, f.path + "/private: error: cannot list this directory"));
    CHECK(contains(o.out, "1 passed, 0 failed"));
}

TEST_CASE("files: a device, a pipe or a directory given as a script is refused, not read") {
    Output zero = run("lint /dev/zero");
    CHECK(zero.exit_code == 2);
    CHECK(contains(zero.out, "/dev/zero: error: this is not a regular file [io-error]"));
    Folder f;
    REQUIRE(mkfifo((f.path + "/pipe.yaml").c_str(), 0644) == 0);
    Output pipe = run("lint " + f.path + "/pipe.yaml");  // reading it would wait for a writer forever
    CHECK(pipe.exit_code == 2);
    CHECK(contains(pipe.out, "pipe.yaml: error: this is not a regular file [io-error]"));
    Output in_folder = run("lint " + f.path);
    CHECK(in_folder.exit_code == 2);
    CHECK(contains(in_folder.out, "pipe.yaml: error: this is not a regular file [io-error]"));
    Output test_file = run("test /dev/zero");
    CHECK(test_file.exit_code != 0);
    CHECK(contains(test_file.out + test_file.err, "not a regular file"));
}

TEST_CASE("files: a script over 16 MiB is file-too-large, without reading it") {
    Folder f;
    {
        std::ofstream(f.path + "/huge.yaml") << "script: huge\n";
    }
    fs::resize_file(f.path + "/huge.yaml", (std::uintmax_t{16} << 20) + 1);  // sparse: no disk used
    Output o = run("lint " + f.path);
    CHECK(o.exit_code != 0);
    CHECK(contains(o.out, f.path + "/huge.yaml: error: this file is 16777217 bytes; the limit is 16777216 [file-too-large]"));
}

TEST_CASE("files: a script with a second YAML document is several-documents, at the second") {
    Folder f;
    std::ofstream(f.path + "/two.yaml") << "script: two\nversion: 1\nstart: a\nnodes:\n  a:\n    end: resolved\n"
                                           "---\nscript: three\n";
    Output o = run("lint " + f.path);
    CHECK(o.exit_code == 1);
    CHECK(contains(o.out, f.path + "/two.yaml:8:1: error: a second YAML document starts here"));
    CHECK(contains(o.out, "[several-documents]"));
}
