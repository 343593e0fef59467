#pragma once
// Host names inside configuration values, shared by the Kubernetes and compose importers: which other
// service an environment variable or a config file points at. `DB_HOST=db`, `CART_ADDR=cart:7070`,
// `REDIS_URL=redis://cache:6379/0`, `DATABASE_URL=postgres://user:pass@db:5432/x`,
// `API=api.shop.svc.cluster.local`, a config file line `host: db` or `proxy_pass http://api:8080;`.
//
// Numbers, paths, booleans, e-mail addresses, file names and sentences are never hosts; credentials
// inside URLs are removed before anything is looked at, and values under keys that name secrets are
// only read for URLs. What comes back is a host name and a port, never the value itself.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace terrain {

struct HostRef {
    enum class Form {
        Bare,     ///< db
        HostPort, ///< db:5432
        Dotted,   ///< db.shop, db.shop.svc.cluster.local, smtp.example.com
        Url       ///< postgres://db:5432/x
    };
    std::string host; ///< lower case, without port, credentials or trailing dot
    std::string port; ///< digits, or empty
    Form form = Form::Bare;
    /// True when the value surely names a host something connects to (a URL or `host:port` under a
    /// key such as DATABASE_URL, a name under DB_HOST, a cluster DNS name): when no file defines it,
    /// it becomes an external system. False: a candidate only, to match against names a file defines.
    bool definite = false;
};

/// Whether `s` is an IPv4 address something is reached at: four numbers up to 255, not 0.0.0.0 nor a loopback
/// address (127.x).
bool isIPv4(std::string_view s);
/// Whether `s` is a dotted host name (db.example.com, not db nor localhost): letters, digits, '-' and '.',
/// at least one letter, 4 to 253 characters.
bool isHostname(std::string_view s);

/// True when a key (an environment variable or a config key) suggests that its value names a host:
/// DB_HOST, redisAddr, CART_SERVICE_ADDR, DATABASE_URL, KAFKA_BROKERS, spring.redis.host... but not
/// DB_PORT, SERVICE_NAME, LISTEN_ADDR, EXTERNAL_URL.
bool isHostKey(std::string_view key);

/// The hosts named by `value` under `key`. A value with line breaks is read as a config file: its
/// `key: value` and `key=value` lines one by one, and URLs and `host:port` anywhere. An empty key
/// means "no key" (a config file's body). At most the first 256 KiB of a value are read.
std::vector<HostRef> hostRefs(std::string_view key, std::string_view value);

/// What a command line offers hostRefs(), as (key, value): each `--flag=value` and `--flag value` as the
/// flag and its value, a word followed by a port (`nc -z db 5432` in a script waiting for the database) as
/// ("", "db:5432"), every other word as ("", word), so that a URL counts anywhere and a bare name only under
/// a flag that names a host (a database or cache client's -h: `pg_isready -h db`, `redis-cli -h cache`). The
/// parts are split at white space and shell punctuation; the script given to a shell's -c (`sh -c "pg_dump -h
/// pg shop"`) is read as a command line of its own, not as that flag's value. At most 4096 words are read.
std::vector<std::pair<std::string, std::string>>
commandLineValues(const std::vector<std::string_view>& parts);

/// Why an edge exists, without ever quoting a secret: "env DB_HOST=db" when the value is just the
/// host (and port), "env DATABASE_URL -> db" otherwise. `what` is "env", "configmap app-config", ...
std::string hostEvidence(std::string_view what, std::string_view key, std::string_view value,
                         const HostRef& ref);

/// A Kubernetes Service DNS name split up.
struct ClusterName {
    std::string service;
    std::string ns;  ///< empty: the namespace of whoever names it
    std::string pod; ///< a pod's name, where only the pods of a headless Service have such a name, else empty
};
/// The readings of `host` as a Kubernetes DNS name, the likelier first: a Service's, "svc" (namespace
/// empty: the caller's own), "svc.ns", "svc.ns.svc", "svc.ns.svc.cluster.local",
/// "pod.svc.ns.svc.cluster.local"; then a pod's behind a headless Service (a StatefulSet's, whose pods are
/// kafka-0, kafka-1...), "pod.svc" (the Service of the caller's namespace) and "pod.svc.ns". None for names
/// of four labels or more without "svc".
std::vector<ClusterName> clusterNames(std::string_view host);

/// A system kind guessed from a container image: postgres/mysql/mariadb/mongo → database,
/// redis/memcached → cache, rabbitmq/kafka/nats → queue, nginx/traefik/haproxy → load-balancer,
/// prometheus/grafana/exporters → monitoring, minio → storage, jenkins/runners → ci-cd; "" otherwise.
std::string imageKind(std::string_view image);

/// The image reference as safe to keep: digest removed, credentials never; nothing when unsafe.
std::optional<std::string> safeImage(std::string_view image);

} // namespace terrain
