package scenarios

import "time"

// The unit types below are the values a scenario carries. Each one holds its quantity
// in a fixed base unit, named in its doc comment; parsers and String methods live in
// units.go.

// Bytes is a size in bytes. Written as 75KB, 1.5GB (1000-based) or 20MiB (1024-based).
type Bytes float64

// BitRate is a rate in bits per second. Written as 128kbps or 1.544Mbps, or as a
// volume per time such as 2GB/h (converted to bits per second).
type BitRate float64

// Duration is a length of time in seconds. Written as 45s, 30m, 6h, 14d or 1h30m.
type Duration float64

// TimeOfDay is a time of day in seconds since midnight. Written as "08:00".
type TimeOfDay float64

// Fraction is a dimensionless share in [0, 1].
type Fraction float64

// Ordering names which half of the migration goes first.
type Ordering string

// The orderings a scenario may ask for.
const (
	ClientsFirst Ordering = "clients-first" // Outlook 2003 waves, then the mailbox moves
	ServersFirst Ordering = "servers-first" // mailbox moves, then Outlook 2003 waves
	// PerSite is the mixed plan: the users of the sites in rollout.servers_first_sites
	// go servers-first, every other site's users clients-first, both at once. It is
	// a plan the model runs, not one rollout.orderings may list.
	PerSite Ordering = "per-site"
)

// Scenario is a fully resolved scenario: every default and inheritance
// (organization → site_defaults → site) has been applied and validated, so the model
// reads every value it needs from here and never invents one.
type Scenario struct {
	Name        string
	Description string
	Start       time.Time // calendar date of day 0 (midnight, UTC), for axis labels
	Horizon     Duration  // simulated time; a plan not done by then is "not finished"

	Calendar   Calendar
	Mailbox    Mailbox // organization-wide; each Site carries its resolved copy
	Clients    Clients
	Servers    Servers
	Datacenter Datacenter
	Sites      []Site // in file order
	Rollout    Rollout
	Simulation Simulation
	Decision   Decision
	Costs      *Costs // nil when the scenario gives no costs
	// Off holds the mechanisms an ablation experiment switched off (none as read).
	Off Ablations

	file    string            // where the scenario was read from
	origins map[string]origin // path → where the value in force came from
}

// Calendar is when users work. Outside working hours nobody is blocked or degraded.
type Calendar struct {
	WorkStart   TimeOfDay
	WorkEnd     TimeOfDay // after WorkStart
	WorkingDays [7]bool   // indexed by time.Weekday (0 = Sunday)
}

// Mailbox describes mailbox contents and per-user mail traffic.
type Mailbox struct {
	Size       SizeDist // lognormal through median and p95
	ItemSize   Bytes    // average item (message) size
	HeaderSize Bytes    // bytes per item in header-only mode
	Traffic    Traffic
}

// SizeDist is a lognormal distribution through a median and a 95th percentile.
// P95 == Median means every mailbox has exactly that size.
type SizeDist struct {
	Median Bytes
	P95    Bytes
}

// Traffic is the steady mail traffic of one user per working day, by client mode.
type Traffic struct {
	Online     Bytes   // per user per working day in online mode (old client)
	Cached     Bytes   // per user per working day in cached mode (Outlook 2003)
	PeakFactor float64 // peak-hour rate / average working-hour rate (≥ 1)
}

// Clients holds the behaviour of the new and the old mail clients.
type Clients struct {
	Outlook2003 Outlook2003
	Online      OnlineClient
}

// Outlook2003 is the new client's behaviour.
type Outlook2003 struct {
	CachedMode          bool     // Cached Exchange Mode on (the default)
	SlowLink            SlowLink // slow-link detection rule
	HeaderOnlyNeeds2003 bool     // header-only mode only against Exchange 2003
	CompressionWith2003 Fraction // wire bytes per data byte when both ends are 2003
	UsableFraction      Fraction // share of the initial sync's bytes before the user can work
	// OABSize is the Offline Address Book download per cached user; OABAuto (the
	// default, written "auto"): OABPer1000Recipients per 1,000 of the organization's
	// recipients, taken as its users.
	OABSize Bytes
	OABAuto bool
	// OABPer1000Recipients is the OAB size per 1,000 recipients.
	OABPer1000Recipients Bytes
	ResumeNeeds2003      bool // against 5.5 an interrupted initial sync restarts (see RestartUnit)
	// RestartUnit is what an interrupted sync against 5.5 restarts: RestartFolder (the
	// folder in progress; the mailbox is SyncFolders equal folders) or RestartMailbox.
	RestartUnit string
	SyncFolders int
	// OSTFormat is OSTKeepFormat (an OST built against 5.5 stays ANSI after the move)
	// or OSTUnicode (a policy forces Unicode: every moved cached user resyncs in full).
	OSTFormat string
	// ExistingOSTShare is the share of users with an offline-folders OST (laptops on
	// Outlook 2000/XP) that Outlook 2003 reuses: their first sync brings only
	// ExistingOSTDelta of the mailbox up to date.
	ExistingOSTShare Fraction
	ExistingOSTDelta Fraction
	// SyncRate is the most one client's initial sync (or resync) moves, in bits per
	// second, before link and server sharing: MAPI initial sync runs far below wire
	// speed (no figure is published: assumed).
	SyncRate BitRate
	// BodyFetchShare is the share of a header-only user's actions that open an item
	// whose body is not yet local and so wait for its download.
	BodyFetchShare Fraction
	// DisconnectedShare is the share of e-mail work that needs the server (free/busy,
	// full GAL details, public folders, delegates) and is lost while a cached client is
	// disconnected (WAN or server outage, its own mailbox move).
	DisconnectedShare Fraction
}

// What an interrupted sync against Exchange 5.5 restarts.
const (
	RestartFolder  = "folder"
	RestartMailbox = "mailbox"
)

// OST formats after a move to Exchange 2003.
const (
	OSTKeepFormat = "keep"
	OSTUnicode    = "unicode"
)

// Where slow-link detection reads the link speed.
const (
	MeasuredOnPath    = "path"    // slowest link capacity on the path to the server, server throughput excluded (the article's rule)
	MeasuredOnAdapter = "adapter" // the client's network adapter speed (the documented rule)
)

// SlowLink is Outlook 2003's slow-link detection: at or below Threshold the client
// syncs headers only (where allowed).
type SlowLink struct {
	Threshold  BitRate
	MeasuredOn string // MeasuredOnPath or MeasuredOnAdapter
}

// OnlineClient is the behaviour of a client in online mode: Outlook 2000/XP, or
// Outlook 2003 with cached mode off. Every action is synchronous: round trips to the
// server plus its bytes over the path, and the user waits for all of it.
type OnlineClient struct {
	ReconnectPenalty Duration // added to every outage an online user sits through
	// ActionsPerDay is the user actions (open, send, move, delete, switch folder…) per
	// working day; they follow the steady-traffic profile through the day.
	ActionsPerDay float64
	// RoundTripsPerAction is the synchronous RPC round trips of one action.
	RoundTripsPerAction float64
	// AcceptedResponse is the response time per action users accept; only the time an
	// action takes beyond it counts as waiting.
	AcceptedResponse Duration
	// HangThreshold is the action time from which the client shows a hang (Outlook
	// 2002/2003's "retrieving data" dialog); an action that long counts in full.
	HangThreshold Duration
}

// Servers holds the behaviour of each server version.
type Servers struct {
	Exchange55   ServerVersion
	Exchange2003 ServerVersion
}

// ServerVersion is the behaviour shared by all servers of one version.
//
// A server's RPC latency at time t is RPCLatency × D / share(t), where D is its disk
// limit (DiskIOPSPerUser × the mailboxes it is sized for) and share(t) = (D − the
// steady IOPS of the users it holds) / (1 + the syncs and moves it serves): the
// latency of an idle server, stretched as processor sharing stretches it when the
// disk is shared.
type ServerVersion struct {
	Outages Outage
	// RPCLatency is the server-side latency of one RPC on an idle server, in seconds.
	RPCLatency Duration
	// IOPSPerUser is the disk I/O per second one mailbox's user causes during working
	// hours.
	IOPSPerUser float64
	// DiskIOPSPerUser is the disk limit in I/O per second per mailbox the server is
	// sized for (a 5.5 server: the mailboxes it holds at the start; a 2003 server: the
	// mailboxes that move to it).
	DiskIOPSPerUser float64
	// ConcurrentSyncs is the most initial syncs and resyncs the server serves at once;
	// further clients wait for a slot (0: no limit).
	ConcurrentSyncs int
}

// Outage is a renewal process of outages: up-times exponential with mean MTBF,
// durations from Duration. Off means the process never fires.
type Outage struct {
	Off      bool
	MTBF     Duration
	Duration DurationDist
}

// DurationDist is either lognormal (Median, P95; P95 == Median is a fixed value) or
// uniform on [Min, Max], as Kind says.
type DurationDist struct {
	Kind   string // DistLognormal or DistUniform
	Median Duration
	P95    Duration
	Min    Duration
	Max    Duration
}

// Duration distribution kinds.
const (
	DistLognormal = "lognormal"
	DistUniform   = "uniform"
)

// Link is a WAN or aggregation link.
type Link struct {
	Down       BitRate  // towards the site (datacenter → site), bits per second
	Up         BitRate  // from the site, bits per second
	Latency    Duration // one-way latency in seconds
	Background Fraction // share of capacity taken by other traffic, in [0, 1)
}

// Datacenter is where the Exchange 2003 servers stand.
type Datacenter struct {
	Name    string
	Link    Link // aggregation link shared by all sites' traffic to the datacenter
	Servers []Server
	// Outages is the datacenter link's outage process (both directions fail).
	Outages Outage
}

// Server is one Exchange 2003 server in the datacenter.
type Server struct {
	Name            string
	Throughput      BitRate // read/write throughput shared by syncs, moves and steady traffic
	ConcurrentMoves int     // mailbox moves into this server at once
	// Site is the site the server stands at (an in-place upgrade on that site's LAN);
	// empty: it stands in the datacenter, behind the datacenter link.
	Site string
}

// Site is one office, fully resolved from organization and site_defaults values.
type Site struct {
	Name             string
	Users            int // users at the site, remote users included
	LAN              BitRate
	Adapter          BitRate // client network adapter speed (for the adapter rule)
	ServerThroughput BitRate // the local 5.5 server's throughput
	WAN              Link
	LocalServer      bool
	// ServedBy names the site whose 5.5 server holds this site's mailboxes when
	// LocalServer is false (default: the first site in the file with a local server).
	// Equal to Name when LocalServer is true.
	ServedBy    string
	RemoteUsers RemoteUsers
	Mailbox     Mailbox
	Outages     SiteOutages
}

// RemoteUsers are a site's users on their own slow access link (VPN, dial-up); they
// are counted within Site.Users.
type RemoteUsers struct {
	Count   int
	Link    BitRate  // access link per remote user, bits per second
	Latency Duration // one-way latency of the access link
	// Outages is each remote user's access-link outage process (one per user).
	Outages Outage
}

// SiteOutages are a site's WAN outage processes.
type SiteOutages struct {
	WAN   Outage // long outages
	Blips Outage // short interruptions
}

// Rollout is the migration plan.
type Rollout struct {
	Orderings []Ordering
	SiteOrder []string // every site, in the order waves visit them
	// ServersFirstSites names the sites whose users go servers-first under the
	// per-site ordering (PerSite); the other sites go clients-first. The textbook
	// orderings ignore it.
	ServersFirstSites []string
	Gap               Duration // pause between the two phases
	Clients           ClientWaves
	Moves             Moves
	OSTAfterMove      string // OSTKeep or OSTResync
	// Preseed names the sites whose users get their OST built on a LAN before their
	// install (shipped pre-seeded): their first sync brings only the delta
	// (clients.outlook2003.existing_ost_delta) over their own path. PreseedRemote does
	// the same for every remote user.
	Preseed       []string
	PreseedRemote bool
}

// OST handling after a mailbox move.
const (
	OSTKeep   = "keep"
	OSTResync = "resync"
)

// ClientWaves is the desktop rollout of Outlook 2003.
type ClientWaves struct {
	Start       Duration // offset of the first wave from the phase start
	UsersPerDay int      // installs per working day, during working hours
	// Install is when a day's installs happen: InstallLogon (at the users' first
	// logon, spread over the first LogonWindow of the working day, as a Group Policy
	// software installation runs) or InstallSpread (evenly over the working day).
	Install string
	// LogonWindow is the span from the start of the working day over which the
	// users' first logons (and so the installs of the InstallLogon pattern) fall.
	LogonWindow Duration
}

// Install patterns of a day's Outlook 2003 installs.
const (
	InstallLogon  = "logon"
	InstallSpread = "spread"
)

// Moves is the mailbox move plan.
type Moves struct {
	Window      Window  // moves run only inside this daily window (may wrap midnight)
	RatePerMove BitRate // upper bound per move before link sharing
	OnFailure   string  // OnFailureRestart or OnFailureResume
}

// Move failure handling.
const (
	OnFailureRestart = "restart"
	OnFailureResume  = "resume"
)

// Window is a daily time window; End < Start means it wraps past midnight.
type Window struct {
	Start TimeOfDay
	End   TimeOfDay
}

// Simulation holds the Monte Carlo settings.
type Simulation struct {
	Replications int
	Seed         uint64
	Bucket       Duration // time-series resolution
	// SaturatedUtilization is the bucket utilization (carried bytes incl. reservations
	// and background ÷ nominal capacity × bucket) of a link at or above which a
	// link-hour counts in saturated_link_hours. It changes no user's disruption.
	SaturatedUtilization Fraction
}

// Decision holds the parameters of the recommendation rule.
type Decision struct {
	// MinRelativeDifference is the smallest paired difference, as a share of the
	// larger of the two orderings' means, that the recommendation counts; smaller
	// (even if statistically significant) differences are ties (default 0.01).
	MinRelativeDifference Fraction
	// MinUserHours is the smallest paired difference in user-hours (disruption,
	// blocked, waiting, degraded) that the recommendation counts; smaller ones are
	// ties however small the means are (default 1 user-hour over the whole run).
	MinUserHours float64
}

// Costs are optional money figures for the comparison.
type Costs struct {
	Currency         string  // the unit of the three amounts below, e.g. EUR (may be empty)
	UserHour         float64 // Currency per disruption user-hour (blocked, waiting or degraded)
	TrainingPerUser  float64 // Currency per user trained on Outlook 2003
	DeploymentPhase  float64 // Currency, the fixed cost of each separate desktop deployment phase
	OfficeDeployment string  // OfficeCombined or OfficeSeparate
}

// Office deployment options.
const (
	OfficeCombined = "combined" // Outlook 2003 deployed with the rest of Office 2003: one phase for either ordering
	OfficeSeparate = "separate" // Outlook now, Office later: clients-first pays two desktop phases, servers-first (Outlook rides with Office) one
)

// Assumption is one parameter in force with where its value comes from, for reports.
type Assumption struct {
	Path    string // scenario path, e.g. clients.outlook2003.usable_fraction
	Value   string // the value in force, as written in a scenario
	Source  string // the published source, or "assumed"
	Assumed bool   // no published source: shown first in reports
	Default bool   // the value came from the defaults, not the scenario file
}
