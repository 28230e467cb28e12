// A stateless parley worker on Redis (docs/scaling.md). Any number of these run side by side; none
// keeps a conversation in memory between two messages. For each message (a "job") it:
//
//   1. takes the next job of any conversation from the shared list `parley:jobs`,
//   2. loads that conversation's snapshot and version from the hash `parley:conversation:ID`,
//   3. restores the session (or starts it, for a conversation's first job) and applies the message,
//   4. writes the new snapshot back only if the version is still the one it loaded (a Lua script run
//      with EVAL: compare-and-set), and in the same step acknowledges on `parley:acks`, so the
//      front end sends the conversation's next message.
//
// Delivery is at least once: the front end re-sends a message that was not acknowledged in time (this
// worker may have died holding it). A job carries the version it applies to, so a job that arrives
// twice is applied once: the second copy finds a newer version and is dropped.
//
// A job is text, one "key value" line per field:
//   conversation c42          the front end's id for the conversation
//   version 0                 how many of its messages were applied before this one
//   script internet_down      version 0 only: the session starts here, with what the host knows:
//   locale es                   (optional) the customer's locale
//   prefill modem.lights orange (any number) a fact the host already knows
//   done modem.restart          (any number) an action the customer already did
//   message yes               version 1 and later: the customer's words; "!cancel" signals an event
//   fill outage.known no      ... or the host answers a look-up
//   unknown outage.known      ... or the host's system could not tell (Session::fill_unknown)
//
// Usage: parley_example_redis_worker HOST PORT SCRIPTS [OLDER_SCRIPTS...]
// SCRIPTS is the current library: new conversations start on it. Older versions of the library stay
// loaded for conversations that started on them and cannot move to the current one.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <hiredis/hiredis.h>
#include <parley/parley.hpp>

namespace {

// Compare-and-set: the new snapshot is stored, and the acknowledgement queued, only if nobody wrote
// the conversation since we read it. Returns 1 when written, 0 when the version had moved on.
// KEYS: conversation hash, acks list, stats hash. ARGV: version read, snapshot, library, state, ack.
const char* const compare_and_set = R"lua(
local stored = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if stored ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', stored + 1, 'snapshot', ARGV[2], 'library', ARGV[3], 'state', ARGV[4])
redis.call('LPUSH', KEYS[2], ARGV[5])
redis.call('HINCRBY', KEYS[3], 'applied', 1)
return 1
)lua";

volatile std::sig_atomic_t stopping = 0;  // SIGTERM: finish the current job, then exit

struct Job {
    std::string conversation, script, locale;
    long version = -1;
    parley::Facts prefill;
    std::vector<std::string> done;
    std::string kind, text, slot;  // kind: "message", "fill" or "unknown" (empty for a first job)
};

bool is_count(const std::string& s) {
    return !s.empty() && s.size() < 10 && s.find_first_not_of("0123456789") == std::string::npos;
}

// A job as sent by the front end, or nothing when it is malformed.
std::optional<Job> parse_job(const std::string& bytes) {
    Job job;
    std::istringstream in(bytes);
    std::string line;
    while (std::getline(in, line)) {
        std::size_t space = line.find(' ');
        std::string key = line.substr(0, space), rest = space == std::string::npos ? "" : line.substr(space + 1);
        std::size_t split = rest.find(' ');  // "SLOT VALUE" for prefill and fill
        std::string first = rest.substr(0, split), second = split == std::string::npos ? "" : rest.substr(split + 1);
        if (key == "conversation") job.conversation = rest;
        else if (key == "version") job.version = is_count(rest) ? std::stol(rest) : -1;
        else if (key == "script") job.script = rest;
        else if (key == "locale") job.locale = rest;
        else if (key == "prefill") job.prefill.emplace_back(first, second);
        else if (key == "done") job.done.push_back(rest);
        else if (key == "message") job.kind = "message", job.text = rest;
        else if (key == "fill") job.kind = "fill", job.slot = first, job.text = second;
        else if (key == "unknown") job.kind = "unknown", job.slot = rest;
    }
    bool first = job.version == 0;  // a first job starts the session; every later one carries a message
    if (job.conversation.empty() || job.version < 0 || first == job.script.empty() || first != job.kind.empty())
        return std::nullopt;
    return job;
}

// One Redis command; the reply is freed when it goes out of scope. Exits if Redis is unreachable:
// this process holds nothing that would be lost, and its supervisor restarts it.
struct FreeReply {
    void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, FreeReply>;

template <class... Args>
Reply command(redisContext* c, const char* format, Args... args) {
    Reply r(static_cast<redisReply*>(redisCommand(c, format, args...)));
    if (!r) {
        std::cerr << "worker: redis: " << c->errstr << "\n";
        std::exit(1);
    }
    return r;
}

std::string field(const redisReply* r) { return r->type == REDIS_REPLY_STRING ? std::string(r->str, r->len) : ""; }

// What the agent says now, for the front end to pass on: one line per message, then the prompt.
std::string words(const parley::Session& s) {
    parley::Turn t = s.next();
    std::string out;
    for (const auto& m : t.messages) out += "\n" + m.text;
    return out + "\n" + t.prompt.text;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: " << argv[0] << " HOST PORT SCRIPTS [OLDER_SCRIPTS...]\n";
        return 2;
    }
    // Every library version this worker can run, by fingerprint; `current` starts new conversations.
    std::map<std::string, parley::Library> libraries;
    std::string current;
    for (int i = 3; i < argc; ++i) {
        auto lib = parley::Library::load(argv[i]);
        if (!lib) {
            for (const auto& d : lib.diagnostics()) std::cerr << d << "\n";
            return 1;
        }
        if (current.empty()) current = lib->fingerprint();
        libraries.emplace(lib->fingerprint(), *lib);
    }
    redisContext* redis = redisConnect(argv[1], std::stoi(argv[2]));
    if (!redis || redis->err) {
        std::cerr << "worker: cannot connect to redis at " << argv[1] << ":" << argv[2] << "\n";
        if (redis) redisFree(redis);
        return 1;
    }
    std::signal(SIGTERM, [](int) { stopping = 1; });

    while (!stopping) {
        // 1. The next job of any conversation (waiting at most a second, to notice SIGTERM).
        Reply popped = command(redis, "BRPOP parley:jobs 1");
        if (popped->type != REDIS_REPLY_ARRAY) continue;  // timed out: nothing to do
        std::string bytes = field(popped->element[1]);
        std::optional<Job> parsed = parse_job(bytes);
        if (!parsed) {  // never retried: a job that cannot be read would only come back
            std::cerr << "worker: dropped a malformed job: " << bytes << "\n";
            continue;
        }
        const Job& job = *parsed;
        std::string key = "parley:conversation:" + job.conversation;

        // 2. Its stored state. A job for an earlier version is a duplicate or stale: drop it. One for
        //    a later version is early (its predecessor is still on the way): back to the end of the line.
        Reply stored = command(redis, "HMGET %s version snapshot library state", key.c_str());
        std::string stored_version = field(stored->element[0]);
        long version = stored_version.empty() ? 0 : std::stol(stored_version);
        if (field(stored->element[3]) == "failed") {  // say so again: that answer may have been lost
            command(redis, "LPUSH parley:acks %s", (job.conversation + " " + std::to_string(version) + " failed").c_str());
            continue;
        }
        if (job.version != version) {
            if (job.version > version) command(redis, "LPUSH parley:jobs %b", bytes.data(), bytes.size());
            command(redis, "HINCRBY parley:stats %s 1", job.version > version ? "requeued" : "dropped");
            continue;
        }

        // 3. The session: started for a first job, else restored on the current library or, if that
        //    refuses it (a script update stranded it), on the version its snapshot was taken on.
        std::optional<parley::Session> session;
        std::string library = current;
        std::vector<parley::Diagnostic> problems;
        if (version == 0) {
            parley::StartOptions options;
            options.locale = job.locale;
            auto started = libraries.at(current).try_start(job.script, job.prefill, job.done, options);
            if (started) session.emplace(std::move(*started));
            problems = started.diagnostics();
        } else {
            std::string snapshot = field(stored->element[1]), taken_on = field(stored->element[2]);
            auto restored = libraries.at(current).restore(snapshot);
            if (!restored && taken_on != current && libraries.count(taken_on)) {
                restored = libraries.at(taken_on).restore(snapshot);
                library = taken_on;
            }
            if (restored) session.emplace(std::move(*restored));
            problems = restored.diagnostics();  // warnings too: facts a script update made unusable
        }
        for (const auto& d : problems) std::cerr << "worker: " << job.conversation << ": " << d << "\n";
        if (!session) {
            // Refused (the diagnostics say why): a retry would be refused again, so a person takes over.
            command(redis, "HSET %s state failed", key.c_str());
            command(redis, "LPUSH parley:acks %s", (job.conversation + " " + std::to_string(version) + " failed").c_str());
            continue;
        }
        if (version == 0) session->set_correlation_id(job.conversation);  // kept in every snapshot

        // The message: the customer's reply, an event they expressed ("!cancel"), or the host's fill
        // (or its "could not tell").
        // (What the session made of it, understood or not, shows in the next turn it says.)
        if (job.kind == "message" && job.text.size() > 1 && job.text[0] == '!')
            (void)session->signal(std::string_view(job.text).substr(1));
        else if (job.kind == "message")
            (void)session->reply(job.text);
        else if (job.kind == "unknown")
            (void)session->fill_unknown(job.slot);  // no lookup for it awaits any more: nothing changes
        else if (job.kind == "fill") {
            try {
                session->fill(job.slot, parley::Value(job.text));
            } catch (const parley::Error& e) {  // the session is unchanged; the message counts as handled
                std::cerr << "worker: " << job.conversation << ": " << e.what() << "\n";
            }
        }

        // 4. Store the new snapshot if the version is still the one we read. The acknowledgement
        //    ("ID VERSION STATE", then what the agent says now) is queued in the same atomic step.
        std::string snapshot = session->snapshot();
        std::string state = session->ended() ? "ended" : "running";
        std::string ack = job.conversation + " " + std::to_string(version + 1) + " " + state + words(*session);
        Reply written = command(redis, "EVAL %s 3 %s parley:acks parley:stats %ld %b %s %s %b", compare_and_set,
                                key.c_str(), version, snapshot.data(), snapshot.size(), library.c_str(),
                                state.c_str(), ack.data(), ack.size());
        if (written->type == REDIS_REPLY_INTEGER && written->integer == 0)
            command(redis, "HINCRBY parley:stats conflicts 1");  // another worker applied this message first
        else if (written->type == REDIS_REPLY_ERROR)
            std::cerr << "worker: " << job.conversation << ": redis: " << written->str << "\n";
    }
    redisFree(redis);
    return 0;
}
