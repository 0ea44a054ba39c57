package dev.berth.bridge.etcd;

import static java.util.Objects.requireNonNull;

/**
 * Where the cluster lives in etcd, under a prefix ({@code /berth}):
 * <pre>
 * members/NODE            NodeState, kept after the node dies (to show it as down)
 * alive/NODE              bound to the node's lease: present while the node is alive
 * services/SERVICE        ServiceRecord: the submitted document and its generation
 * assignments/NODE/SVC    AssignmentRecord, written only by the elected scheduler in fenced transactions
 * reports/SVC/NODE        NodeReport: running, a placement signal (an exclusion) or a failure
 * status/SERVICE          ClusterService as the scheduler last computed it
 * election                the scheduler's election name
 * </pre>
 */
final class ClusterKeys
{
    private final String prefix;

    ClusterKeys(String prefix)
    {
        this.prefix = requireNonNull(prefix, "prefix is null");
    }

    String root()
    {
        return prefix + "/";
    }

    String members()
    {
        return prefix + "/members/";
    }

    String member(String node)
    {
        return members() + node;
    }

    String alive()
    {
        return prefix + "/alive/";
    }

    String alive(String node)
    {
        return alive() + node;
    }

    String services()
    {
        return prefix + "/services/";
    }

    String service(String service)
    {
        return services() + service;
    }

    String assignments()
    {
        return prefix + "/assignments/";
    }

    String assignmentsOf(String node)
    {
        return assignments() + node + "/";
    }

    String assignment(String node, String service)
    {
        return assignmentsOf(node) + service;
    }

    String reports()
    {
        return prefix + "/reports/";
    }

    String reportsOf(String service)
    {
        return reports() + service + "/";
    }

    String report(String service, String node)
    {
        return reportsOf(service) + node;
    }

    String statuses()
    {
        return prefix + "/status/";
    }

    String status(String service)
    {
        return statuses() + service;
    }

    String election()
    {
        return prefix + "/election";
    }
}
