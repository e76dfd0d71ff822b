package model

// Classes are the traffic classes of WAN bytes, in report order (keys of
// Result.WANGigabytesByClass). Background utilization of a link is carried as its own
// class "background" and is not one of these.
var Classes = []string{
	"initial_sync",  // full initial sync or post-move resync: mailbox bytes
	"headers",       // header-only initial sync: items × header size
	"oab",           // Offline Address Book downloads
	"move",          // mailbox moves 5.5 → 2003, server to server
	"catch_up",      // cached clients' queued changes after an outage
	"steady_online", // online-mode clients' steady traffic
	"steady_cached", // cached-mode clients' steady traffic
}

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
// Result.BlockedUserHoursByCause).
var BlockCauses = []string{"wan_outage", "blip", "server_outage", "mailbox_move"}

// Indexes into BlockCauses.
const (
	causeWAN = iota
	causeBlip
	causeServer
	causeMove
	numCauses
)

// DegradeCauses are the causes of degraded user-hours, in report order (keys of
// Result.DegradedUserHoursByCause).
var DegradeCauses = []string{"latency", "slow_link", "congestion", "header_only", "server_slow", "server_load", "server_outage"}

// Indexes into DegradeCauses.
const (
	degLatency = iota
	degSlowLink
	degCongestion
	degHeaderOnly
	degServerSlow
	degServerLoad
	degServerOutage
	numDegrade
)

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
