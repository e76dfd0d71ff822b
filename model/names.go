package model

// Classes are the traffic classes of WAN bytes, in report order (keys of
// Result.WANGigabytesByClass). Background utilization of a link is carried as its own
// class "background" and is not one of these.
//
//   - initial_sync: full initial sync or post-move resync: mailbox bytes
//   - headers: header-only initial sync: items × header size
//   - oab: Offline Address Book downloads
//   - move: mailbox moves 5.5 → 2003, server to server
//   - catch_up: cached clients' queued changes after an outage
//   - steady_online, steady_cached: online- and cached-mode clients' steady traffic
//
// The names come from the metric catalogue (the parts of wan_gigabytes).
var Classes = causeNames(MetricWANGigabytes)

// Indexes into Classes.
const (
	clsInitialSync = iota
	clsHeaders
	clsOAB
	clsMove
	clsCatchUp
	clsSteadyOnline
	clsSteadyCached
	clsBackground // not in Classes
	numClasses
)

// BlockCauses are the causes of blocked user-hours, in report order (keys of
// Result.BlockedUserHoursByCause), from the metric catalogue.
var BlockCauses = causeNames(MetricBlockedUserHours)

// Outage kinds: the causes that block a group (group.block, outageProc.cause), in
// order of precedence when outages overlap.
const (
	causeWAN = iota
	causeBlip
	causeServer
	numOutageKinds
)

// outageMetric is the blocked-by-cause metric of each outage kind.
var outageMetric = [numOutageKinds]MetricID{MetricBlockedWANOutage, MetricBlockedBlip, MetricBlockedServerOutage}

// DegradeCauses are the causes of degraded user-hours, in report order (keys of
// Result.DegradedUserHoursByCause), from the metric catalogue.
var DegradeCauses = causeNames(MetricDegradedUserHours)

// States are the user states of the users_by_state series, in report order. Every user
// is in exactly one state at any time; "blocked" (an online-mode user during an outage
// on their path, including the reconnect penalty) overrides online_local and
// online_remote, and "moving" (mailbox move in progress) overrides every client state.
var States = []string{"online_local", "online_remote", "waiting", "usable", "synced", "header_only", "moving", "blocked"}

// Indexes into States.
const (
	stOnlineLocal = iota
	stOnlineRemote
	stWaiting
	stUsable
	stSynced
	stHeaderOnly
	stMoving
	stBlocked
	numStates
)
