#pragma once
// Terraform state files (`terraform.tfstate`, `terraform state pull`, `*.tfstate.backup`):
//  - format version 4 (Terraform 0.12+ and OpenTofu): resources × instances, module instance keys,
//    count/for_each index keys, `attributes` or legacy `attributes_flat`, `dependencies` and legacy
//    `depends_on`, tainted and deposed objects (facts on the same system), data sources as
//    references, terraform_remote_state outputs as identifiers into other states,
//    `sensitive_attributes` redacted;
//  - format version 3 (Terraform 0.7–0.11): modules[].path, resources map, flatmap
//    primary.attributes, depends_on;
//  - versions 1 and 2 and OpenTofu encrypted states are refused with what to do instead.
// Scope "tfstate:<lineage>" (a backup or an older serial of the same state replaces the same
// systems), keys "tf:<address>" (the same as `terraform show -json`). The rules shared by all
// Terraform formats are in TerraformCommon.h.
// The state is read as a stream of JSON events, one resource instance at a time, keeping only what
// the map can use (compactInstance), never as a document of the whole file: states run to hundreds of
// megabytes. An import reads the file itself a piece at a time too (parseStreamed), so its text is never
// held whole either.

#include "FormatParser.h"

#include <cstdint>
#include <optional>

namespace terrain {

class TfStateParser : public FormatParser {
public:
    std::string format() const override { return "tfstate"; }
    std::string description() const override;
    int sniff(const std::string& fileName, const std::string& text) const override;
    Discovery parse(const SourceText& src, const ParseOptions& options) const override;
    std::optional<Discovery> parseStreamed(const std::string& path,
                                           const ParseOptions& options) const override;
    /// The state of a streamed text (read to its end); throws on any problem (Error, json::exception,
    /// StreamedText::Unreadable, nesting beyond kMaxNesting), which parseStreamed() leaves to parse().
    /// The Discovery's contentHash is left empty: StreamedText::sha256() has it.
    Discovery parse(StreamedText& text) const;

    /// Lineage and serial of a state (cheap, from the text), so that an import of several files can
    /// keep only the newest serial of each lineage (a state and its backup).
    struct Identity {
        std::string lineage;
        std::int64_t serial = 0;
    };
    static std::optional<Identity> identity(const std::string& text);
};

/// From how many bytes a streamed state is read on two threads, where there are two processors: a thread
/// costs about a tenth of a millisecond to start and a megabyte of state about seven to read, but the
/// second reader's own allocator arena and buffers cost 0.4 MiB, and below this the read gained nothing
/// (1 MB full state, 21 runs alternately: 0.0176 s on two threads, 0.0170 s on one, 4.1 against 3.7 MiB;
/// 2 MB: 0.031 against 0.034 s).
constexpr std::size_t kTwoThreadReadFrom = std::size_t(3) << 19; // 1.5 MiB
/// For tests: from how many bytes a streamed state is read on two threads (0: always, where there are two
/// processors and a resource about halfway; SIZE_MAX: never; kTwoThreadReadFrom by default). Both give
/// the same discovery.
void setTwoThreadReadFrom(std::size_t bytes);
/// For tests: how many streamed states were read on two threads so far (the second reader's part taken).
std::size_t statesReadOnTwoThreads();

} // namespace terrain
