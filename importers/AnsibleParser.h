#pragma once
// Ansible inventories: the machines a startup runs, as hosts, and the groups Ansible puts them in. Three
// inputs, read as Ansible's own inventory plugins read them:
//   - INI (`hosts`, `production`, `inventory.ini`): hosts before any section are ungrouped; `[group]`,
//     `[group:children]`, `[group:vars]`; a host line `name[:port] key=value ...` split as a shell would
//     (quotes, `#` comments), values read as Python literals; ranges `www[01:50].example.com`, `db-[a:f]`,
//     `node[0:10:2]`.
//   - YAML (`all: {hosts, children, vars}`, each top-level key a group; hosts map to their variables or
//     nothing; `!vault` values are never read).
//   - `ansible-inventory --list` JSON, and a dynamic inventory script's output: groups with hosts, children
//     and vars (or a plain list of hosts), `_meta.hostvars`.
// The group_vars/ and host_vars/ folders beside an INI or YAML inventory are read with it, as Ansible reads
// them (`<name>`, `<name>.yml`, `.yaml`, `.json`, or a folder `<name>/` of such files); they are its own
// (Discovery::included). A file encrypted with ansible-vault is never read.
//
// Each host is one system: key "ansible:<host>", name and address the host's name; kind compute, or what
// its groups' names say (dbservers → database, redis → cache, loadbalancers → load-balancer); group the
// first group that lists it; tags all its groups (their parents too); owner its `owner` or `team`
// variable; environment its `env` or `environment` variable, else the one group among its groups that names
// an environment (`[production]`), else what the inventory's path says (SourceScan: production/hosts,
// staging.ini); identifiers its name and its `ansible_host` where they are dotted host names or addresses,
// by which it joins an instance of AWS or a state, a CSV row, a Prometheus target. Hosts on the machine that
// runs Ansible (localhost, `ansible_connection=local`) are left out.
//
// Dependencies, from the variables a host has (its own and its groups'): a value naming another host of the
// inventory (`db_host: db01.example.com`, `redis_url: redis://cache1:6379`) is a call to it; a host surely
// named (a URL, a `host:port` under DB_HOST...) that the inventory does not list is an external system
// ("ansible:external/<host>"); an AWS resource named by its ARN or queue URL is one too; ssh through a
// bastion (ProxyJump, `-J`, or a ProxyCommand of ssh in `ansible_ssh_common_args`) depends on the bastion.
// Facts: ansible_host, ansible_port, ansible_user, ansible_connection, and the host's own variables that are
// scalars, through the redaction (Redaction.h): no password, key, token or vault value is kept.

#include "FormatParser.h"

namespace terrain {

class AnsibleParser : public FormatParser {
public:
    std::string format() const override { return "ansible"; }
    std::string description() const override;
    int sniff(const std::string& fileName, const std::string& text) const override;
    std::optional<std::string> notAnInput(const std::string& fileName, const std::string& text,
                                          const ParseOptions&) const override;
    Discovery parse(const SourceText& src, const ParseOptions& options) const override;
};

/// The words of a line of an INI inventory as Python's shlex.split(line, comments=True) gives them, which
/// Ansible's INI plugin splits host lines with: white space separates, '...' is literal, "..." keeps a
/// backslash but before '"' and '\', a backslash outside quotes keeps the next character, '#' outside
/// quotes ends the line. nullopt for a quote that is not closed.
std::optional<std::vector<std::string>> shellWords(std::string_view line);

/// The hosts of an Ansible host pattern with ranges, as Ansible expands them: "www[01:03].x" → www01.x,
/// www02.x, www03.x; "db-[a:c]" → db-a, db-b, db-c; "n[0:4:2]" → n0, n2, n4; several ranges multiply. Throws
/// Error(message) for a range Ansible refuses; at most `budget` hosts in all (it is counted down).
std::vector<std::string> expandHostRanges(const std::string& pattern, std::size_t& budget);

} // namespace terrain
