// Scale-out on a real store: plays many conversations through stateless workers
// (examples/redis_worker.cpp) sharing one Redis, as a front end would, and checks that each one ends
// exactly as the same conversation run in this process.
//
//   parley_redis_scale_out REDIS_SERVER WORKER SCRIPTS [--conversations N] [--workers N]
//                          [--in-flight N] [--timeout-ms N]
//
// It starts its own redis-server on a free loopback port (in a temporary directory, persisting
// nothing) and the workers; conversation i replays test case i mod N of SCRIPTS/*.test.yaml (script,
// locale, pre-filled facts, done actions, then its turns), one message at a time: a conversation's
// next message is sent only once the previous one is acknowledged, with many conversations in
// flight at once. A message not acknowledged in time is sent again (at-least-once delivery, with a
// doubling timeout). One worker is killed with SIGKILL after about a third of the messages. At the
// end every conversation's stored snapshot must restore to the reference run's outcome, facts and
// turn count, and its version must equal its number of messages (nothing applied twice or lost).
// Every child process dies with this one (PR_SET_PDEATHSIG), and is stopped on every exit path.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <hiredis/hiredis.h>
#include <parley/parley.hpp>
#include <parley/test_suite.hpp>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

// ---- Processes -----------------------------------------------------------------------------------

/// A child process, killed and reaped when it goes out of scope unless it was stopped before.
class Child {
public:
    explicit Child(const std::vector<std::string>& argv) {
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        pid_t parent = getpid();
        pid_ = fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);  // dies with the driver, however the driver dies
            if (getppid() != parent) _exit(127);
            execv(args[0], args.data());
            std::perror(args[0]);
            _exit(127);
        }
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child() { stop(SIGKILL, 0ms); }

    pid_t pid() const { return pid_; }
    bool running() {
        if (pid_ <= 0) return false;
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) return finished(status), false;
        return true;
    }
    /// Sends `sig`, waits up to `grace` for the process to exit, then kills it. Returns its status.
    int stop(int sig, Clock::duration grace) {
        if (pid_ <= 0) return status_;
        kill(pid_, sig);
        for (auto until = Clock::now() + grace; Clock::now() < until; std::this_thread::sleep_for(10ms))
            if (!running()) return status_;
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            int status = 0;
            waitpid(pid_, &status, 0);
            finished(status);
        }
        return status_;
    }

private:
    void finished(int status) {
        pid_ = -1;
        status_ = status;
    }
    pid_t pid_ = -1;
    int status_ = 0;
};

/// A fresh temporary directory, removed with everything in it.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "parley-redis-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

int free_loopback_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error("no free loopback port");
    close(fd);
    return ntohs(addr.sin_port);
}

// ---- Redis ---------------------------------------------------------------------------------------

struct FreeReply {
    void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, FreeReply>;
struct FreeContext {
    void operator()(redisContext* c) const { redisFree(c); }
};
using Connection = std::unique_ptr<redisContext, FreeContext>;

Reply check(redisContext* c, void* reply) {
    if (!reply) throw std::runtime_error(std::string("redis: ") + c->errstr);
    Reply r(static_cast<redisReply*>(reply));
    if (r->type == REDIS_REPLY_ERROR) throw std::runtime_error("redis: " + std::string(r->str, r->len));
    return r;
}

Reply command(redisContext* c, const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& a : args) argv.push_back(a.data()), lengths.push_back(a.size());
    return check(c, redisCommandArgv(c, static_cast<int>(args.size()), argv.data(), lengths.data()));
}

std::string text(const redisReply* r) { return r->type == REDIS_REPLY_STRING ? std::string(r->str, r->len) : ""; }

// ---- Conversations -------------------------------------------------------------------------------

/// One shipped test case: the messages a front end sends for it, and how it ends in this process.
struct Case {
    std::string name;
    std::vector<std::string> messages;  ///< the body of each job, after its conversation and version
    parley::Outcome outcome = parley::Outcome::none;
    std::vector<std::string> facts;     ///< "slot = value (source, script.node, turn N)"
    unsigned turns = 0;
};

std::vector<std::string> describe_facts(const parley::Summary& s) {
    std::vector<std::string> out;
    for (const auto& f : s.facts)
        out.push_back(f.slot + " = " + f.value.to_string() + " (" + parley::to_string(f.source) + ", " + f.script +
                      "." + f.node + ", turn " + std::to_string(f.turn) + ")");
    return out;
}

/// Builds the case's jobs and runs it here, applying each message as the worker does.
Case make_case(const parley::Library& lib, const parley::testing::TestCase& test) {
    Case c;
    c.name = test.name;
    std::string first = "script " + test.script.value + "\n";
    if (!test.locale.empty()) first += "locale " + test.locale + "\n";
    parley::Facts prefill;
    for (const auto& [slot, value] : test.prefill) {
        first += "prefill " + slot.value + " " + value.value + "\n";
        prefill.emplace_back(slot.value, parley::Value(value.value));
    }
    std::vector<std::string> done;
    for (const auto& d : test.done) first += "done " + d.value + "\n", done.push_back(d.value);
    c.messages.push_back(first);
    parley::StartOptions options;
    options.locale = test.locale;
    parley::Session s = lib.start(test.script.value, prefill, done, options);
    for (const auto& t : test.turns) {
        if (t.text.find('\n') != std::string::npos) throw std::runtime_error(test.name + ": a message spans lines");
        switch (t.kind) {
        case parley::testing::TestTurn::Kind::reply:
            if (t.text == "!unknown") {  // the host's "could not tell" at a lookup
                const std::string slot(s.next().prompt.slot);
                c.messages.push_back("unknown " + slot + "\n");
                (void)s.fill_unknown(slot);
                break;
            }
            if (t.text.size() > 1 && t.text[0] == '!') throw std::runtime_error(test.name + ": a reply reads as a signal");
            c.messages.push_back("message " + t.text + "\n");
            (void)s.reply(t.text);  // the workers do the same; understood or not, both runs must agree
            break;
        case parley::testing::TestTurn::Kind::signal:
            c.messages.push_back("message !" + t.text + "\n");
            (void)s.signal(t.text);
            break;
        case parley::testing::TestTurn::Kind::locale:  // the locale event, as a customer's message carries it
            c.messages.push_back("message !locale " + t.text + "\n");
            (void)s.signal("locale " + t.text);
            break;
        case parley::testing::TestTurn::Kind::fill:
            c.messages.push_back("fill " + t.slot + " " + t.text + "\n");
            try {
                s.fill(t.slot, parley::Value(t.text));
            } catch (const parley::Error&) {  // refused: the session is unchanged, as in the worker
            }
            break;
        }
    }
    c.outcome = s.outcome();
    c.facts = describe_facts(s.summary());
    c.turns = s.turn();
    return c;
}

std::vector<Case> shipped_cases(const parley::Library& lib, const fs::path& scripts) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(scripts))
        if (parley::testing::is_test_file(e.path().string())) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<Case> cases;
    for (const auto& file : files) {
        auto suite = parley::testing::load_tests(file.string());
        if (!suite) throw parley::Error(suite.diagnostics());
        if (!fs::equivalent(suite->library, scripts))
            throw std::runtime_error(file.string() + " runs against another library than " + scripts.string());
        for (const auto& test : suite->cases) cases.push_back(make_case(lib, test));
    }
    if (cases.empty()) throw std::runtime_error("no test cases under " + scripts.string());
    return cases;
}

/// The front end's view of one conversation.
struct Conversation {
    std::size_t acked = 0;  ///< messages acknowledged; the next one to send (again) is messages[acked]
    Clock::time_point sent;
    Clock::duration timeout{};
    bool failed = false;
};

struct Options {
    std::string redis_server, worker, scripts;
    std::size_t conversations = 10000, workers = 4, in_flight = 500;
    long timeout_ms = 2000;
};

Options parse(int argc, char** argv) {
    if (argc < 4) throw std::runtime_error("usage: parley_redis_scale_out REDIS_SERVER WORKER SCRIPTS [options]");
    Options o{argv[1], argv[2], argv[3]};
    for (int i = 4; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        long value = std::stol(argv[i + 1]);
        if (value <= 0 || (flag == "--workers" && value < 2)) throw std::runtime_error(flag + " is too small");
        if (flag == "--conversations") o.conversations = static_cast<std::size_t>(value);
        else if (flag == "--workers") o.workers = static_cast<std::size_t>(value);
        else if (flag == "--in-flight") o.in_flight = static_cast<std::size_t>(value);
        else if (flag == "--timeout-ms") o.timeout_ms = value;
        else throw std::runtime_error("unknown option " + flag);
    }
    return o;
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

int run(const Options& o) {
    auto start = Clock::now();
    auto lib = parley::Library::load(o.scripts);
    if (!lib) throw parley::Error(lib.diagnostics());
    std::vector<Case> cases = shipped_cases(*lib, o.scripts);
    std::size_t total_messages = 0;
    for (std::size_t i = 0; i < o.conversations; ++i) total_messages += cases[i % cases.size()].messages.size();

    // Redis, on a port nobody uses, persisting nothing. Retried if another process took the port.
    TempDir dir;
    std::unique_ptr<Child> redis;
    Connection db;
    int port = 0;
    for (int attempt = 0; attempt < 5 && !db; ++attempt) {
        port = free_loopback_port();
        redis = std::make_unique<Child>(std::vector<std::string>{
            o.redis_server, "--port", std::to_string(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", dir.path.string(), "--logfile", (dir.path / "redis.log").string()});
        for (auto until = Clock::now() + 10s; Clock::now() < until && redis->running(); std::this_thread::sleep_for(20ms)) {
            Connection c(redisConnect("127.0.0.1", port));
            if (!c || c->err) continue;
            auto* pong = static_cast<redisReply*>(redisCommand(c.get(), "PING"));
            bool up = pong && pong->type == REDIS_REPLY_STATUS;
            freeReplyObject(pong);
            if (up) {
                db = std::move(c);
                break;
            }
        }
    }
    if (!db) {
        std::ifstream log(dir.path / "redis.log");
        throw std::runtime_error("redis-server did not start; its log:\n" + std::string(std::istreambuf_iterator<char>(log), {}));
    }

    std::vector<std::unique_ptr<Child>> workers;
    for (std::size_t i = 0; i < o.workers; ++i)
        workers.push_back(std::make_unique<Child>(
            std::vector<std::string>{o.worker, "127.0.0.1", std::to_string(port), o.scripts}));
    std::cout << "redis on port " << port << ", " << o.workers << " workers, " << o.conversations << " conversations ("
              << cases.size() << " test cases), " << total_messages << " messages" << std::endl;

    // Play: every conversation's messages one at a time, up to `in_flight` conversations at once.
    auto play_start = Clock::now();
    std::vector<Conversation> convs(o.conversations);
    std::vector<std::size_t> active;  // conversations waiting for an acknowledgement
    std::vector<std::string> outbox{"LPUSH", "parley:jobs"};
    std::size_t opened = 0, finished = 0, acked_messages = 0, resent = 0, stray_acks = 0, failed = 0;
    bool killed = false;
    auto send = [&](std::size_t i) {
        const Case& c = cases[i % cases.size()];
        outbox.push_back("conversation c" + std::to_string(i) + "\nversion " + std::to_string(convs[i].acked) + "\n" +
                         c.messages[convs[i].acked]);
        convs[i].sent = Clock::now();
    };
    auto last_scan = Clock::now();
    while (finished < o.conversations) {
        if (seconds_since(play_start) > 600) throw std::runtime_error("gave up after 10 minutes");
        while (active.size() < o.in_flight && opened < o.conversations) {
            convs[opened].timeout = std::chrono::milliseconds(o.timeout_ms);
            active.push_back(opened);
            send(opened++);
        }
        if (outbox.size() > 2) {
            command(db.get(), outbox);
            outbox.resize(2);
        }
        // Acknowledgements: all that are waiting, or wait a little for one.
        std::vector<std::string> acks;
        Reply got = command(db.get(), {"RPOP", "parley:acks", "1000"});
        if (got->type == REDIS_REPLY_ARRAY) {
            for (std::size_t k = 0; k < got->elements; ++k) acks.push_back(text(got->element[k]));
        } else {
            Reply one = command(db.get(), {"BRPOP", "parley:acks", "0.05"});
            if (one->type == REDIS_REPLY_ARRAY) acks.push_back(text(one->element[1]));
        }
        for (const std::string& ack : acks) {  // "cID VERSION STATE", then what the agent says
            std::istringstream in(ack);
            std::string id, state;
            std::size_t version = 0;
            in.ignore(1) >> id >> version >> state;
            std::size_t i = std::stoul(id);
            Conversation& conv = convs.at(i);
            const Case& c = cases[i % cases.size()];
            bool waiting = conv.acked < c.messages.size() && !conv.failed &&
                           std::find(active.begin(), active.end(), i) != active.end();
            if (state == "failed" && waiting) {
                conv.failed = true;
                ++failed;
            } else if (version != conv.acked + 1 || !waiting) {
                ++stray_acks;  // cannot happen with the compare-and-set; counted to be sure
                continue;
            } else {
                ++acked_messages;
                if (++conv.acked < c.messages.size()) {
                    conv.timeout = std::chrono::milliseconds(o.timeout_ms);
                    send(i);
                    continue;
                }
            }
            ++finished;
            active.erase(std::find(active.begin(), active.end(), i));
        }
        // At-least-once delivery: send again what was not acknowledged in time, waiting longer each time.
        if (Clock::now() - last_scan > 100ms) {
            last_scan = Clock::now();
            for (std::size_t i : active)
                if (Clock::now() - convs[i].sent > convs[i].timeout) {
                    convs[i].timeout = std::min<Clock::duration>(convs[i].timeout * 2, 16s);
                    ++resent;
                    send(i);
                }
            for (std::size_t w = 1; w < workers.size(); ++w)
                if (!workers[w]->running()) throw std::runtime_error("worker " + std::to_string(w) + " died");
        }
        if (!killed && acked_messages >= total_messages / 3) {
            workers[0]->stop(SIGKILL, 0ms);
            killed = true;
            std::cout << "killed worker 0 (SIGKILL) after " << acked_messages << " messages at "
                      << seconds_since(play_start) << " s" << std::endl;
        }
    }
    double play_seconds = seconds_since(play_start);

    // Late copies of re-sent messages are still queued: let the workers see (and drop) them all.
    for (auto until = Clock::now() + 30s; Clock::now() < until; std::this_thread::sleep_for(50ms))
        if (command(db.get(), {"LLEN", "parley:jobs"})->integer == 0) break;
    std::this_thread::sleep_for(300ms);  // the last one popped is being handled
    for (std::size_t w = 1; w < workers.size(); ++w)
        if (int status = workers[w]->stop(SIGTERM, 10s); !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            throw std::runtime_error("worker " + std::to_string(w) + " did not exit cleanly on SIGTERM");

    // Check every conversation against its reference run.
    std::size_t mismatches = 0, snapshot_bytes = 0;
    auto mismatch = [&](std::size_t i, const std::string& what) {
        if (++mismatches <= 20) std::cout << "MISMATCH c" << i << " (" << cases[i % cases.size()].name << "): " << what << "\n";
    };
    const std::size_t batch = 500;
    for (std::size_t from = 0; from < o.conversations; from += batch) {
        std::size_t to = std::min(o.conversations, from + batch);
        for (std::size_t i = from; i < to; ++i) {
            std::string key = "parley:conversation:c" + std::to_string(i);
            if (redisAppendCommand(db.get(), "HMGET %s version snapshot", key.c_str()) != REDIS_OK)
                throw std::runtime_error("redis: cannot queue a command");
        }
        for (std::size_t i = from; i < to; ++i) {
            void* raw = nullptr;
            if (redisGetReply(db.get(), &raw) != REDIS_OK) throw std::runtime_error("redis: lost the connection");
            Reply r = check(db.get(), raw);
            const Case& c = cases[i % cases.size()];
            std::string version = text(r->element[0]);
            if (version != std::to_string(c.messages.size())) {
                mismatch(i, "version " + version + ", expected " + std::to_string(c.messages.size()));
                continue;
            }
            snapshot_bytes += r->element[1]->len;
            auto s = lib->restore(text(r->element[1]));
            if (!s) {
                mismatch(i, "the stored snapshot does not restore: " + format(s.diagnostics().front()));
                continue;
            }
            if (s->outcome() != c.outcome)
                mismatch(i, std::string("outcome ") + to_string(s->outcome()) + ", expected " + to_string(c.outcome));
            if (describe_facts(s->summary()) != c.facts) mismatch(i, "facts differ");
            if (s->turn() != c.turns) mismatch(i, "turn " + std::to_string(s->turn()) + ", expected " + std::to_string(c.turns));
            if (s->correlation_id() != "c" + std::to_string(i)) mismatch(i, "correlation id " + s->correlation_id());
        }
    }

    Reply stats = command(db.get(), {"HGETALL", "parley:stats"});
    std::cout << "played " << o.conversations << " conversations, " << acked_messages << " messages acknowledged, in "
              << play_seconds << " s (" << static_cast<double>(acked_messages) / play_seconds << " messages/s)\n"
              << "re-sent " << resent << " messages; failed " << failed << "; stray acknowledgements " << stray_acks
              << "; workers:";
    for (std::size_t k = 0; k + 1 < stats->elements; k += 2)
        std::cout << " " << text(stats->element[k]) << " " << text(stats->element[k + 1]);
    std::cout << "\nchecked " << o.conversations << " conversations (snapshots of "
              << snapshot_bytes / o.conversations << " bytes on average): " << mismatches << " mismatches; total "
              << seconds_since(start) << " s" << std::endl;
    workers.clear();
    redis->stop(SIGTERM, 5s);
    return mismatches == 0 && failed == 0 && stray_acks == 0 && acked_messages == total_messages ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    signal(SIGPIPE, SIG_IGN);
    try {
        return run(parse(argc, argv));
    } catch (const std::exception& e) {
        std::cerr << "parley_redis_scale_out: " << e.what() << "\n";
        return 1;
    }
}
