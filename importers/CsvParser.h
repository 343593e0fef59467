#pragma once
// CSV asset inventories: a header row, then one system per row.
//
// Reading: the delimiter is the mapping's, else the one Excel's `sep=;` first line names (a line that is
// no row), else sniffed from the header (',' ';' tab '|', outside quotes); RFC 4180 quoting (quoted cells
// may hold delimiters, doubled quotes and line breaks); CRLF or LF; a UTF-8 BOM (removed by decodeText),
// UTF-16 with a BOM, and a file that is not UTF-8 read as Windows-1252 (Excel's "CSV (Comma delimited)"),
// which a warning says; blank lines, `#` comment lines and Windows PowerShell's `#TYPE ...` first line
// are skipped. A row whose number of cells differs from the header's is an error naming its line.
//
// Columns: each field of a system takes the first column whose header (case, spaces, '_' and '-'
// ignored) is one of its synonyms, unless the mapping names the column:
//   id           id, asset id, asset_id, identifier, uid, resource id, instance id
//   name         name, hostname, host name, host, server, server name, system, service, asset, device
//   kind         kind, type, asset type, resource type, category, class, role
//   environment  environment, env, stage, tier
//   owner        owner, team, owned by, contact, responsible, maintainer
//   provider     provider, cloud, platform, vendor, hosting
//   depends_on   depends_on, depends on, dependencies, upstream, requires, uses, calls
//   tags         tags, labels
//   address      address, ip, ipaddr, ip address, ip_address, fqdn, dns, dns name, url, endpoint, host
//                (host only when another column is the name)
//   lifecycle    lifecycle, status of plan: keep / modernise / replace / retire (also modernize,
//                deprecated → retire, legacy → replace)
//   criticality  criticality, business criticality, importance, priority
//   notes        notes, note, description, comment, comments
//   group        group, resource group, project, application, app, cluster
// Every other column is kept as an attribute (through the redaction: a column named like a secret,
// "password", "token"..., is never kept).
//
// Keys "csv:<file stem>/<id, else name>"; scope "csv:<file name>". Kinds map to systemKinds() (server,
// vm, host → compute; db, postgres → database; lb → load-balancer...; unknown → other, the text kept
// as the attribute "type"). depends_on cells list other rows' ids or names, separated by ';', '|' or
// ',' (or the mapping's separator): an edge per name (to another row, else to that name as an
// identifier from another source). The address, and a host-like name (from a host/hostname/fqdn
// column), lower-cased, are identifiers, so Prometheus targets, state files and other inventories that
// name the same host join; so is an id that is a cloud's (an ARN, an Azure resource id, an AWS id such as
// i-0fedcba9876543abc), which joins the instance an AWS CLI output or a state describes.
// Criticality (low, medium, high, critical; med, moderate, mission critical...) and notes fill the
// system's fields while a person has not (DiscoveredSystem::criticality), and stay attributes too: what
// the inventory says.

#include "FormatParser.h"

#include <map>

namespace terrain {

/// Which column feeds which field, and how the file is split. Empty: the defaults above.
struct CsvMapping {
    std::map<std::string, std::string> columns; ///< field (id, name, kind, ...) → header text
    char delimiter = 0;                         ///< 0: sniffed
    std::string dependsOnSeparators;            ///< characters; empty: ";|," and line breaks

    /// The fields a mapping may name.
    static const std::vector<std::string>& fields();
    /// Parses `--csv-map SPEC`: "name=HOST,env=ENVIRONMENT,depends_on=UPSTREAM,delimiter=;".
    /// Field names and their synonyms as in the header comment (env, type, ip...); `delimiter=` takes
    /// one character or comma/semicolon/tab/pipe; `separator=` the depends_on separators. Throws Error
    /// naming the bad part.
    static CsvMapping fromSpec(const std::string& spec);
};

class CsvParser : public FormatParser {
public:
    CsvParser() = default;
    explicit CsvParser(CsvMapping mapping)
        : m_mapping(std::move(mapping)) {}

    void setMapping(CsvMapping mapping) { m_mapping = std::move(mapping); }
    const CsvMapping& mapping() const { return m_mapping; }

    std::string format() const override { return "csv"; }
    std::string description() const override;
    int sniff(const std::string& fileName, const std::string& text) const override;
    /// A table with no column naming its rows (an export of sales, a translation table): not an inventory.
    std::optional<std::string> notAnInput(const std::string& fileName, const std::string& text,
                                          const ParseOptions& options) const override;
    Discovery parse(const SourceText& src, const ParseOptions& options) const override;
    /// Excel saves "CSV (Comma delimited)" in Windows-1252.
    TextFallback textFallback() const override { return TextFallback::Windows1252; }
    /// "csv:<file stem>/" of a row's key; "" for an external system's ("csv:external/<host>").
    std::string fileKeyPrefix(const std::string& key) const override;

private:
    CsvMapping m_mapping;
};

} // namespace terrain
