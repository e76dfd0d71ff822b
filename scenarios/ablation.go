package scenarios

import "fmt"

// Mechanism names one mechanism the recommendation's reasons can credit; an
// ablation switches it off to measure how much of the difference it explains.
type Mechanism string

// The mechanisms that can be switched off.
const (
	// RideThrough: cached clients keep working through WAN and server outages.
	// Off: cached users are blocked in outages like online ones.
	RideThrough Mechanism = "ride_through"
	// NearServerSync: an initial sync runs against the user's current server, the
	// nearby 5.5 server before the mailbox moves. Off: every initial sync crosses
	// the path to the 2003 server the user ends on.
	NearServerSync Mechanism = "near_server_sync"
	// SyncStorms: initial syncs are limited per client (sync_rate) and per server
	// (concurrent_syncs). Off: no such limit, only the links'.
	SyncStorms Mechanism = "sync_storms"
	// ServerTrouble: the 5.5 servers have their own outages, RPC latency and disk.
	// Off: they are as healthy as the 2003 servers.
	ServerTrouble Mechanism = "server_trouble"
	// WANLatency: every round trip crosses the WAN's latency. Off: zero latency on
	// every WAN, datacenter and remote-user link.
	WANLatency Mechanism = "wan_latency"
)

// Mechanisms lists every mechanism, in report order.
func Mechanisms() []Mechanism {
	return []Mechanism{RideThrough, NearServerSync, SyncStorms, ServerTrouble, WANLatency}
}

// Ablations are the mechanisms switched off in a run (all false in a scenario as
// read; only an ablation experiment sets them). The model reads RideThroughOff and
// NearServerSyncOff; SwitchOff writes the others into the scenario's values.
type Ablations struct {
	RideThroughOff    bool
	NearServerSyncOff bool
}

// SwitchOff switches mechanism m off in s (a scenario loaded for this run alone:
// it is changed in place).
func (s *Scenario) SwitchOff(m Mechanism) error {
	switch m {
	case RideThrough:
		s.Off.RideThroughOff = true
	case NearServerSync:
		s.Off.NearServerSyncOff = true
	case SyncStorms:
		s.Clients.Outlook2003.SyncRate = 0 // no per-client cap
		s.Servers.Exchange55.ConcurrentSyncs = 0
		s.Servers.Exchange2003.ConcurrentSyncs = 0
	case ServerTrouble:
		n, o := &s.Servers.Exchange55, s.Servers.Exchange2003
		n.Outages, n.RPCLatency, n.IOPSPerUser, n.DiskIOPSPerUser = o.Outages, o.RPCLatency, o.IOPSPerUser, o.DiskIOPSPerUser
	case WANLatency:
		s.Datacenter.Link.Latency = 0
		for i := range s.Sites {
			s.Sites[i].WAN.Latency = 0
			s.Sites[i].RemoteUsers.Latency = 0
		}
	default:
		return fmt.Errorf("unknown mechanism %q", m)
	}
	return nil
}
