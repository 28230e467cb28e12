// A host that keeps older library versions loaded for the conversations still running on them
// (docs/embedding.md, 5.1). Version 2 of a script renames the question a conversation is waiting
// at: a snapshot taken on version 1 cannot move to version 2, so it is restored on version 1, which
// the host still has loaded; a snapshot that version 2 can take moves to it.
// Run: parley_example_versions
#include <iostream>
#include <map>
#include <string>

#include <parley/parley.hpp>

namespace {

const char* version1 = R"(script: refund
version: 1
slots:
  order.number: {type: number}
  refund.reason: {type: choice, choices: [damaged, late, other]}
start: order
nodes:
  order: {ask: "What is your order number?", slot: order.number, next: reason}
  reason: {ask: "Why would you like a refund?", slot: refund.reason, next: done}
  done: {end: resolved, say: "Your refund is on its way."}
)";

std::string version2() {  // `reason` becomes `why`, with a new wording (`version:` is the format's)
    std::string v2 = version1;
    v2.replace(v2.find("next: reason"), 12, "next: why");
    v2.replace(v2.find("  reason: {ask: \"Why would"), 26, "  why: {ask: \"What went wrong? Why would");
    return v2;
}

/// Every library version a conversation may still be running on, by fingerprint, and the newest.
class Libraries {
public:
    void add(const parley::Library& lib) {
        by_fingerprint_.emplace(lib.fingerprint(), lib);
        newest_ = lib.fingerprint();
    }

    /// The newest version when it takes the snapshot without losing anything; otherwise the version
    /// the snapshot was taken on, if it is still loaded.
    parley::Result<parley::Session> restore(const std::string& bytes) const {
        auto header = parley::read_snapshot_header(bytes);
        if (!header) return parley::Result<parley::Session>(header.diagnostics());
        auto newest = by_fingerprint_.at(newest_).restore(bytes);
        if (newest && newest.diagnostics().empty()) return newest;
        auto taken_on = by_fingerprint_.find(header->library_fingerprint);
        if (taken_on == by_fingerprint_.end()) return newest;  // its version is gone: the newest's answer
        return taken_on->second.restore(bytes);
    }

private:
    std::map<std::string, parley::Library> by_fingerprint_;
    std::string newest_;
};

}  // namespace

int main() {
    parley::Library v1 = parley::Library::parse(version1, "refund.yaml").value();
    parley::Library v2 = parley::Library::parse(version2(), "refund.yaml").value();
    Libraries libraries;
    libraries.add(v1);

    parley::Session at_start = v1.start("refund");
    parley::Session at_reason = v1.start("refund");
    (void)at_reason.reply("1042");
    const std::string saved_at_start = at_start.snapshot();
    const std::string saved_at_reason = at_reason.snapshot();

    libraries.add(v2);  // noon: version 2 ships while both conversations are open
    std::cout << "v2 alone: " << (v2.restore(saved_at_reason) ? "restored" : "refused") << "\n";
    for (const std::string* bytes : {&saved_at_start, &saved_at_reason}) {
        parley::Session s = libraries.restore(*bytes).value();
        bool on_v2 = parley::read_snapshot_header(s.snapshot())->library_fingerprint == v2.fingerprint();
        std::cout << "continues on " << (on_v2 ? "v2" : "v1") << " at " << s.next().prompt.node << ": "
                  << s.next().prompt.text << "\n";
    }
    return 0;
}
