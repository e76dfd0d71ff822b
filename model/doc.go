// Package model is the migration world: sites, users, clients, servers, links,
// outages and the two orderings, built on the sim engine. Run simulates one
// replication of one ordering of a resolved scenario and returns its Result;
// Result.Scalars and MetricDefs give the flat keyed metrics reports work on.
//
// Every number the model uses comes from the resolved *scenarios.Scenario, except two
// published facts kept as named constants (ostInflation = 1.5, ansiOSTLimitBytes =
// 2 GB, both KB 817957). The saturation level of saturated_link_hours (0.9) is
// clients.online.degraded_utilization (default 0.9), the level at which link congestion
// degrades online-mode users, so that a saturated link-hour and a congested one agree.
// The decisions below are the project's model specification plus the ones the
// implementation had to make; each is marked where it is a choice.
//
// The code keeps what happens apart from what is measured. What happens: the topology
// (topology.go), each user's phase and its one transition (phase.go), and one file per
// behaviour — client waves (waves.go), initial sync (sync.go), mailbox moves
// (moves.go), outages (outages.go), steady traffic (steady.go). What is measured: the
// ledger (ledger.go), fed only through its methods, which turns into the Result
// (metrics.go), and the metric catalogue (catalogue.go) that names every scalar for
// the reports.
//
// # Topology
//
// A star around the datacenter. Resources (capacities in bits/s):
//   - per site: LAN, WAN-down (datacenter → site), WAN-up (site → datacenter) and, with a
//     local server, the 5.5 server's throughput (EX55);
//   - per remote user: an access link (both directions one resource);
//   - datacenter: link-in (towards it, Datacenter.Link.Down), link-out (from it,
//     Datacenter.Link.Up) and one resource per 2003 server (its throughput).
//
// A link's nominal capacity is recorded once, where topology.go builds it; the engine
// holds its current capacity (0 during an outage). Background utilization is a
// constant reservation of class "background" (background × nominal capacity), set
// there too, on site WAN links and the datacenter link: it takes capacity and counts in
// link utilization, but not in WAN bytes. The data direction of syncs and steady
// traffic is server → client; all steady bytes are put on that path (choice: keeps
// one path per user). Paths:
//   - local 5.5, on-site user: [LAN, EX55]; remote user: [access, LAN(host), EX55(host)]
//     (remote users VPN into the site that holds their mailbox);
//   - 5.5 at another site H: [LAN, WAN-down, WAN-up(H), EX55(H)] (hubbed through the
//     datacenter core, the datacenter link is not crossed);
//   - 2003: [LAN, WAN-down, link-out, EX03-k]; remote user: [access, link-out, EX03-k];
//   - mailbox move: [EX55(H), LAN(H), WAN-up(H), link-in, EX03-k].
//
// A path's latency is the sum of the one-way latencies of the links it crosses (LAN 0).
//
// # Users and groups
//
// Site users are numbered in file order; the first remote_users.count of a site are its
// remote users. Mailbox sizes are lognormal through the site's median and p95 from
// stream "mailbox/<site>" (p95 = median gives exactly the median); items =
// ceil(size / item_size). The 2003 servers take contiguous blocks of users in file
// order (server k holds users [k·N/S, (k+1)·N/S)), as an administrator plans moves site by
// site: a site's mailboxes land on one or two servers, not spread over all of them.
// Per-user state lives in struct-of-arrays slices: a phase (see Phases), the client,
// the sync stage and a few sync facts (synced once, resync, header-only, pending,
// done). Users who share a location (a
// site's LAN or one remote user's access link) and a mailbox server form a group: they
// share a path, so blocking, latency degradation, slow-link detection and steady
// reservations are kept as counts per group and never loop over users. Blocked and
// degraded user-seconds are integrated per group over working time (count × working
// seconds, O(1) per change via the calendar's prefix function W(t)).
//
// # Client waves
//
// users_per_day installs per working day, evenly spaced: install k of a day at
// WorkStart + (k + 0.5)·len/users_per_day, in rollout.site_order, starting at the first
// slot at or after phase start + clients.start. Outlook 2003 without cached mode
// behaves as online mode for blocking and degradation.
//
// # Initial sync
//
// On install a cached client syncs from the server that holds the mailbox now. Slow-link
// detection: rule "path" — the slowest nominal link capacity on the path (LAN, WAN,
// datacenter or access link; a server's throughput is not a link) < threshold (the
// article's "slower than"); rule "adapter" — the site's adapter (a remote user's access
// link) ≤ threshold (the documented "at ≤ 128 kbps"). Header-only mode is used only
// when detection says slow and (header_only_needs_2003 unset or the server is 2003).
// Bytes on the wire are multiplied by compression_with_2003 when the server is 2003.
// Choice: a sync is up to three sequential flows on the user's path — (1)
// usable_fraction of the mailbox bytes (headers: items × header_size) → the user is
// usable; (2) the rest → (3) the OAB (class oab; skipped in header-only mode) → synced.
// Classes: initial_sync, or headers in header-only mode. An interrupted sync against
// 5.5 with resume_needs_2003 is aborted at the outage start and restarts from its first
// byte when that outage ends (a usable user stays usable); otherwise it stalls and
// resumes. time_to_usable and time_to_synced are wall-clock hours from install, for the
// first sync of each user only; waiting_user_hours counts working time in "waiting"
// (install or resync start → usable).
//
// # Mailbox moves
//
// One queue per 2003 server, in site order. A server runs at most concurrent_moves moves;
// a move starts only inside the window (which may wrap midnight) and, once started, runs
// to its end (choice). Each move is a flow of the mailbox bytes (no compression:
// server to server) capped at rate_per_move. While a mailbox moves the user is
// "moving": an online-mode user is blocked (cause mailbox_move) for the working time
// of the move; a cached user works on from the OST. An outage on the move's path
// aborts it and, with on_failure restart, restarts it from zero at once (it stalls until
// the path recovers); with resume it just stalls. A sync running when a move starts is
// aborted and restarts against the new server after the move.
//
// After a move a cached user with a finished OST keeps it (ost_after_move keep) unless
// the OST would exceed the ANSI limit (mailbox × 1.5 > 2 GB) or ost_after_move is
// resync: then a full resync over the new path (state waiting again). Every 5.5 →
// datacenter move is cross-site and costs a kept-OST user an OAB download (class oab).
// Choice: slow-link detection reads the new path — on a slow path to 2003 the client
// continues in header-only mode (new items as headers, bodies on demand, no OAB
// download) and counts as header-only degraded from then on. Outlook 2003's "on slow
// connections download only headers" follows the connection, not the history of the
// OST; keeping the full-sync mode after the move would make clients-first branch
// users never degraded on the same slow link where servers-first users are.
//
// # Orderings and the end of the plan
//
// clients-first: waves from 0, moves start gap after the last install. servers-first:
// moves from 0, waves start gap (+ clients.start) after the last move ends. A user is
// done when on Outlook 2003, mailbox on 2003, not moving and with no sync, resync or OAB
// download running; migration_end_days is when the last user is done. Not done by the
// horizon: finished = false, progress_fraction = done share, migration_end_days =
// horizon. The run always continues to the horizon, so both orderings are measured
// over the same time.
//
// # Steady traffic
//
// Reservations per (resource, class) = Σ over users on paths through it of their
// site's daily bytes (a site may override mailbox.traffic_per_day) × the profile rate:
// 0 outside working time; the working hour starting at WorkStart + 1 h carries
// peak_factor × the hourly average, the other H − 1 hours (H − peak_factor)/(H − 1) × it,
// so a day carries exactly its bytes (fewer than 2 working hours: flat; a peak factor
// above H would make the other hours negative and is clipped at 0).
// Counts change when users change state; the reservations are applied once per instant
// and at every profile boundary. Moving users carry no steady traffic.
//
// # Outages
//
// Renewal processes drawn from streams "outage/wan/<site>", "outage/blip/<site>" and
// "outage/server/<server>": up-time exponential with mean MTBF, then a duration
// (lognormal through median/p95, fixed when equal, or uniform). The streams do not
// depend on the ordering, so both orderings see the same outages (common random
// numbers). A WAN outage or blip zeroes the site's WAN-down and WAN-up; a server outage
// the server's throughput (a 5.5 outage matters while it holds mailboxes or feeds
// moves). Online-mode users of every group whose path crosses a failed resource are
// blocked from the start to end + reconnect_penalty, working time only; with
// overlapping outages the cause is wan_outage, else server_outage, else blip. Cached
// users are never blocked: they queue changes and, at recovery, each affected group
// sends one catch-up flow of cached users × cached bytes/day × (working seconds of the
// outage / working seconds per day) (× compression against 2003), class catch_up. During
// its server's outage a cached user is degraded (cause server_outage).
//
// # Degraded (working time only)
//
//   - slow_link (lead's decision): online-mode users (not blocked) whose path is slow by
//     Outlook 2003's own slow-link rule (the scenario's threshold and measured_on, applied
//     to their path or adapter). The article lists header-only mode as a benefit of
//     Outlook 2003 on slow links, i.e. better than an online-mode client on the same link;
//     an old client has no header-only mode to soften a link the new client would call
//     slow, so it is at least as degraded as a header-only user;
//   - latency: online-mode users (not blocked, not slow_link — a user counts once) whose
//     path latency > degraded_latency;
//   - congestion: online-mode users (not blocked, not slow_link, not latency) whose path
//     to their mailbox server crosses a WAN, datacenter or remote-access link in a bucket
//     where its utilization (all carried bytes, reservations and background included,
//     × 8 / (nominal capacity × bucket)) ≥ clients.online.degraded_utilization: an old
//     online-mode client does every action as a synchronous round trip, so a congested
//     link makes every click slow. Resolution: one bucket for the link, exact working
//     time for the users — each group whose path crosses such a link feeds the count of
//     its congestion key (a location's links to its 5.5 server, or to the 2003 servers,
//     which share them), kept as a history of (time, count) steps with O(1) entries per
//     user state change or block; at the end each key's saturated buckets (the union over
//     its links) are walked against its history, O(history + saturated buckets), no
//     loop over users or over all buckets. Attribution (a user counts once per instant):
//     blocked, then slow_link, then latency, then congestion — the static path causes
//     keep their users and congestion takes only users no other link cause covers. With
//     one degraded weight for every cause the order changes the split, not the
//     disruption. Consequence: below slow_link.threshold (path rule) every online user
//     on that link is already slow_link-degraded, so congestion adds nothing there; it
//     matters on links at or above the threshold that saturate (typically a WAN shared
//     with initial syncs, or steady traffic beyond the link);
//   - header_only: cached users in header-only mode, once usable;
//   - server_slow: every user whose mailbox is on a server version with slow_fraction
//     > 0, × slow_fraction;
//   - server_load: online-mode users (not blocked) of a server in buckets (simulation.bucket) where the
//     server's utilization ≥ its version's load_threshold, = time-weighted online users
//     of the bucket × working seconds of the bucket (resolution: one bucket);
//   - server_outage: cached users during their server's outage.
//
// Overlap (a known limit, kept on purpose): blocked time and the link causes
// (slow_link, latency, congestion) and server_load are exclusive among themselves, but
// server_slow (a share of every user's working time, whatever the client: a slow
// server delays a cached client's mail too) and header_only are counted on top of
// them. degraded_user_hours is therefore the SUM over causes — an hour degraded by two
// causes counts under each — and can exceed the users' working hours in extreme
// scenarios (slow_fraction 1 and every user header-only). Both orderings are counted
// the same way, so paired differences compare like with like; per-instant attribution
// of one cause per user would need per-user state intervals, which the group design
// avoids for speed.
//
// # Metrics
//
// WAN bytes are the bytes carried on site WAN links, the datacenter link and remote
// access links, summed over links (a sync to 2003 crosses WAN-down and link-out and
// counts on both); wan_gigabytes is the sum of the seven classes (background
// excluded). Link utilization per bucket = all bytes carried (background included) × 8
// / (nominal capacity × bucket). users_blocked counts distinct users blocked for more
// than zero working seconds. cached_mode_user_days and full_feature_user_days are
// working seconds / working seconds per day of users on Outlook 2003 in cached mode,
// and on Outlook 2003 with a 2003 mailbox. cost_total = blocked_user_hours ×
// blocked_user_hour + training_per_user × users + deployment_phase × (1 combined, 2
// separate). Series: users_by_state (one state per user: "moving" overrides every
// client state, "blocked" overrides online_local/online_remote; online_local = server
// on the user's LAN; the levels sum to the user count in every bucket), link_utilization
// (site WAN and datacenter links; remote access links count in the totals but get no
// line), wan_bytes_by_class, server_syncs and server_moves (time-weighted concurrent
// counts per server).
//
// # Phases
//
// Every user is in exactly one phase (phase.go); w.setPhase is the only way to change
// it and tells the ledger, which keeps users_by_state, the waiting integrator and the
// header-only count consistent. Online-mode users are counted by their group, whose
// outages make them "blocked" without a phase change.
//
//	phase        entered on                                         left on
//	online       start (old client); move end in online mode        cached install → waiting; move start → moving
//	waiting      cached install; resync start; move end that        usable_fraction synced → usable; move start → moving
//	             restarts a sync or rebuilds the OST
//	usable       first usable_fraction of the sync's bytes done     sync done → synced / header_only; move start → moving
//	synced       full sync done                                     move start → moving
//	header_only  header-only sync done                              move start → moving
//	moving       move start (a sync in progress is aborted and      move end → online (online mode); → waiting (sync
//	             restarts after the move)                           pending or OST rebuilt); → the phase it left, its
//	                                                                synced/header_only following the new path (OST kept)
//
// An install without cached mode leaves the user online (Outlook 2003 in online mode);
// an install while the mailbox moves keeps the user moving and queues the first sync
// for the move's end. An outage changes no phase: online users' groups count as
// blocked, and a sync against 5.5 it interrupts (resume_needs_2003) keeps its phase.
//
// # What is measured: the ledger and the catalogue
//
// The ledger (ledger.go) owns every measured quantity: the level series (users by
// state, syncs, moves and online users per server), the working-time integrators, the
// user working seconds per blocked and degraded cause (indexed by the cause's
// catalogue MetricID), the congestion history, per-user times and marks, peaks and
// outage counts. Behaviour code tells it what changed — setPhase, group counts and
// blocks (ledger.flush is called before any change to a group), syncs and moves
// starting and ending, outages, disrupted(cause, ±n) — and never adds to a sum;
// metrics.go turns the ledger and the engine's byte counts into the Result.
//
// The catalogue (catalogue.go) lists every scalar metric once, in report order: its
// MetricID, key, unit, label, description, direction (LowerIsBetter), disruption
// family (blocked, waiting, degraded or none), the total it is a part of (a cause or
// traffic class) and whether it is additive. Classes, BlockCauses and DegradeCauses,
// the Result's maps, Scalars, MetricDefs and every report (tables, charts, CSV, JSON,
// the recommendation's sentences) are derived from it; reports name a metric by its
// MetricID, never by its key.
//
// # Adding a disruption cause
//
// One catalogue entry plus one behaviour file:
//
//  1. catalogue.go: a MetricID constant among its family's parts (e.g.
//     MetricDegradedFoo after MetricDegradedServerOutage) and its entry,
//     degradedCause(MetricDegradedFoo, "foo") (blockedCause for a blocked cause).
//     DegradeCauses, the Result's map, the scalars and every report follow, and the
//     cause counts in its family's total and in the disruption score.
//  2. foo.go: the behaviour that decides when users are disrupted — its own events
//     scheduled on the engine, or a handler called from the event it reacts to (one
//     line where that event is handled) — calling w.led.disrupted(MetricDegradedFoo,
//     +n) when n users start being disrupted and −n when they stop (the ledger
//     integrates the count over working time). A cause
//     that depends on a group's state instead adds a case to ledger.flush, which is
//     called with the group before any change; one read from the engine's bucket
//     series at the end goes in metrics.go, as server_load does.
//
// A new family (a new component of the disruption score, e.g. disruption above the
// end state's rate) is a Family constant, a total entry with its parts, and its
// weight in the reports' familyWeight. A per-group rate (from a path's bandwidth
// share, round-trip time and server latency) accumulates in ledger.flush, which sees
// every group's users and state between any two changes, and per bucket from the
// engine's series in metrics.go.
//
// # Expected behaviour, checked (TestExpectedBehaviour; rollout compare, 10 replications, seed 1)
//
// branch-consolidation — clients-first, as the article says. It blocks 69 user-hours
// against 1,757, moves 42 GB of initial sync across the WAN against 262 (2,774 WAN GB
// against 3,661 in total), costs less, and disrupts 236,574 user-hours against 277,690
// (blocked + waiting + 0.25 × degraded; paired difference −41,115, CI −41,881 to
// −40,349). Clients-first syncs every on-site user on the LAN from the local 5.5 server
// before the move; servers-first puts the old online-mode clients on the WAN for the ~5
// weeks between their moves and their installs, where every long outage and every blip
// (+ 2 min reconnect) blocks them, where 655 branch and remote users sit on links Outlook
// 2003 itself calls slow (slow_link × 0.25: 40,798 more), and then pulls every initial
// sync over the WAN (HQ's 10 Mbps is not "slower than 10 Mbps", so HQ syncs in full
// across it) — saturating HQ's link while the HQ users not yet installed work across it
// in online mode (congestion: 20,597 user-hours, × 0.25: 5,149 more; none with HQ's
// link at 100 Mbps, none in clients-first). Both orderings end with the same 655 users header-only against 2003
// (~930,000 header-only user-hours each over the 240-day horizon); clients-first's moves
// put half of them there by day 40, servers-first's installs by day 46, so clients-first
// has ~5,400 more weighted header-only hours — far less than the slow_link difference.
//
// troubled-servers — servers-first, the article's exception: 36,829 user-hours against
// 53,521 (difference 16,692, CI 15,833–17,551; 16,696 while server_load still counted
// blocked users). Its offices reach the datacenter over 10 Mbps metro Ethernet; servers-first moves users off the failing, overloaded 5.5
// servers in ~3 weeks instead of ~6, so 5.5 slowness (25 % of working time) costs 23,874
// fewer weighted user-hours, and server outages and load cost less too. Servers-first
// pays for it with congestion (21,217 user-hours, × 0.25: 5,303 more): its installs
// sync every user across the office's 10 Mbps link while the colleagues not yet
// installed work across it in online mode. The same troubled
// servers behind branch-consolidation's T1 links do NOT tip the answer (5 replications,
// --set on branch-consolidation): the moves then put 655 branch and remote users in
// online mode on slow links to the datacenter for ~5 weeks (slow_link × 0.25: ~40,000 more)
// and on the WAN where outages block them, plus HQ's congestion, which outweighs the
// servers' share — clients-first by 15,281 user-hours (without the congestion cause:
// 9,767); servers-first wins there only from a 5.5 slow_fraction of about 0.41 (0.35:
// clients-first by 5,732; 0.4: a tie, −957, CI −2,406 to 491; 0.5: servers-first by
// 8,592; without congestion the break-even was ~0.35). An earlier version of troubled-servers had
// those T1 links; it was given metro Ethernet so that the built-in shows the exception
// cleanly, and its description says why. No server parameter was tuned.
//
// # Performance
//
// O(1) events per user state change (install, sync stages, move start/end), counts per
// group for blocking and degradation, no per-user loop per outage or per bucket; the
// steady reservations changed at one instant are applied once, before time advances.
// BenchmarkReplication (100 sites, 240 days, outages on, both orderings per op,
// -benchtime=3x on the shared 2-core machine, load ≈ 5, median of 5 runs): users=2k
// ≈ 0.20 s/op; users=100k ≈ 0.91 s/op (clients-first ≈ 0.43 s, servers-first ≈ 0.53 s;
// 9 µs/user; 291 MB allocated per op). The congestion cause costs ≈ 0.2 % of the CPU
// of a 100k replication (its history and the walk over saturated buckets) and 4 % more
// bytes allocated (279 → 291 MB per op); wall time before/after it, interleaved
// pairs: 1.04× at 100k, within the machine's ±10 % noise at 2k. Keeping the ledger and
// the catalogue apart from the behaviour cost nothing measurable: bytes allocated per
// op 0.06 % lower at 100k (a running move, not a per-user array, keeps the phase to
// return to), per-user time within the noise (median of 9 interleaved pairs: 0.93× at
// 100k, 0.98× at 2k). Earlier figures (2.7 s
// at 100k) predate the engine's regional re-rating and the contiguous assignment of
// users to 2003 servers.
package model
