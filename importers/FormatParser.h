#pragma once
// The interface of a format parser: text in, Discovery out. A parser never sees the map; the merge
// (ImportMerge.h) joins its discovery with the map and with other files. Parsers are pure, so they
// are tested on fixtures and fuzzed without a project.

#include "Discovery.h"
#include "SourceText.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace terrain {

struct ParseOptions {
    std::string environment; ///< --env: the environment of systems whose source names none
    std::string csvMap;      ///< --csv-map: the CSV column mapping (CsvMapping::fromSpec); empty: defaults
    /// --skip-unreadable: a file that cannot be read (broken, cut short, not what its format expects) is
    /// left out, its error said, and the other files are imported; off, the import is refused
    /// (parseSources()).
    bool skipUnreadable = false;
    /// The command that renders a Kustomization (kustomizeCommand(): `kubectl kustomize`), its folder
    /// appended; empty: a Kustomization is skipped and the manifests it lists are read as they are.
    std::vector<std::string> kustomize;
    /// The command that reads a Terraform working directory's state (terraformCommand(): `terraform`), to
    /// which `state pull` is appended; empty: a working directory whose state is in its backend is skipped.
    std::vector<std::string> terraform;
};

class FormatParser {
public:
    virtual ~FormatParser() = default;
    /// The --format name: tfstate, tfjson, tfgraph, k8s, compose, cfn, backstage, awscli, csv, prometheus.
    virtual std::string format() const = 0;
    /// One line for --help and the import dialog.
    virtual std::string description() const = 0;
    /// How sure the parser is that this is its format: 0 (not mine) to 100 (certain). Cheap: looks at
    /// the name and the first few KiB of text, never parses the whole file.
    virtual int sniff(const std::string& fileName, const std::string& text) const = 0;
    /// Whether a file this parser would take is, found in a folder, recognisably something else: another
    /// tool's configuration (a Kustomization, a kubeconfig, a Serverless Framework service), a table that
    /// is no inventory. Why, judged from the text a sniff reads, to skip it there (scanSources()); named
    /// on its own, parse() refuses it, saying the same.
    virtual std::optional<std::string> notAnInput(const std::string& /*fileName*/,
                                                  const std::string& /*text*/, const ParseOptions&) const {
        return std::nullopt;
    }
    /// Parses one file. Throws Error naming src.name, the place (line and column, or a JSON pointer)
    /// and what was expected; never returns half a discovery.
    virtual Discovery parse(const SourceText& src, const ParseOptions& options) const = 0;
    /// Parses a file read a piece at a time, without holding its text, where the parser can (tfstate);
    /// nullopt when it cannot, and for any problem, which parse() of the text read whole then reports
    /// with its place. Same result as parse(readSourceText(path)), contentHash and file included.
    virtual std::optional<Discovery> parseStreamed(const std::string& /*path*/, const ParseOptions&) const {
        return std::nullopt;
    }
    /// Several files of this format of one import, in order, where what one file defines matters to
    /// another (Kubernetes manifests split by object); errors name a file by its path. By default each
    /// file is parsed alone (and streamed where it can be: parseSources()).
    virtual std::vector<Discovery> parseEach(const std::vector<SourceText>& srcs,
                                             const ParseOptions& options) const;
    /// Whether parseEach() does more than parse each file alone.
    virtual bool readsFilesTogether() const { return false; }
    /// The part of one of its systems' keys that names the file it came from ("csv:inventory-2024-05/" of
    /// "csv:inventory-2024-05/web-1"), which a newer export of the file takes over (DatedExports.h); "" where
    /// keys do not name their file.
    virtual std::string fileKeyPrefix(const std::string& /*key*/) const { return {}; }
    /// How a file of this format that is not UTF-8 is read (TextFallback): refused but for a format that
    /// spreadsheets write.
    virtual TextFallback textFallback() const { return TextFallback::None; }
};

/// Every parser, in a fixed order.
const std::vector<std::unique_ptr<FormatParser>>& formatParsers();
/// The parser for a format name, or nullptr.
const FormatParser* formatParser(const std::string& format);

} // namespace terrain
