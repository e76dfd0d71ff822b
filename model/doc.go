// Package model is the migration world: sites, users, clients, servers, links,
// outages and the two orderings, built on the sim engine. Run simulates one
// replication of one ordering of a resolved scenario and returns its Result;
// Result.Scalars and MetricDefs give the flat keyed metrics reports work on.
//
// Every number the model uses comes from the resolved *scenarios.Scenario, except two
// published facts kept as named constants (ostInflation = 1.5, ansiOSTLimitBytes =
// 2 GB, both KB 817957). The decisions below are the project's model specification plus the ones the
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
// done). Users who share a location (a site's LAN or one remote user's access link)
// and a mailbox server form a group: they share a path, so blocking, what they wait
// for, slow-link detection and steady reservations are kept as counts per group and
// never loop over users. Blocked, waiting and disconnected user-seconds are integrated
// per group over working time (count × working seconds, O(1) per change via the
// calendar's prefix function W(t)).
//
// # Client waves
//
// users_per_day installs per working day, evenly spaced over the day's install span
// (see Install patterns): install k of a day at WorkStart + (k + 0.5)·span/users_per_day,
// in rollout.site_order, starting at the first slot at or after phase start +
// clients.start. Outlook 2003 without cached mode works in online mode: blocked in
// outages, waiting on every action (with compression against 2003).
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
// Every stage runs at most at clients.outlook2003.sync_rate (MAPI initial sync is far
// below wire speed; no figure is published: assumed, 1 GB/h), so a 100 MB LAN sync
// takes minutes, not seconds. A server serves at most servers.*.concurrent_syncs syncs
// at once; further clients wait for a slot in arrival order (still waiting for a
// usable mailbox). Choice: a sync is up to three sequential flows on the user's path — (1)
// usable_fraction of the mailbox bytes (headers: items × header_size) → the user is
// usable; (2) the rest → (3) the OAB (class oab; skipped in header-only mode) → synced.
// Classes: initial_sync, or headers in header-only mode. An interrupted sync against
// 5.5 with resume_needs_2003 is aborted at the outage start and restarts from its first
// byte when that outage ends (a usable user stays usable); otherwise it stalls and
// resumes. time_to_usable and time_to_synced are wall-clock hours from install, for the
// first sync of each user only; waiting_user_hours counts working time in "waiting"
// (install or resync start → usable), beyond the end state (see Disruption).
//
// # Mailbox moves
//
// One queue per 2003 server, in site order. A server runs at most concurrent_moves moves;
// a move starts only inside the window (which may wrap midnight) and, once started, runs
// to its end (choice). Each move is a flow of the mailbox bytes (no compression:
// server to server) capped at rate_per_move. While a mailbox moves the user is
// "moving": an online-mode user is blocked (cause mailbox_move) for the working time
// of the move; a cached user works on from the OST, disconnected (disconnected_share
// of its work is lost). Choice: the end state's outages are not compared during a
// move (moves run off hours by default). An outage on the move's path
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
// download) and waits for the bodies it opens from then on. Outlook 2003's "on slow
// connections download only headers" follows the connection, not the history of the
// OST; keeping the full-sync mode after the move would make clients-first branch
// users never wait for bodies on the same slow link where servers-first users do.
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
// per-site (a mixed plan): the users of the sites in rollout.servers_first_sites go
// servers-first, the others clients-first, both from 0: the clients-first sites' waves
// and the servers-first sites' moves run at once; the clients-first sites' moves are
// queued gap after their last install, the servers-first sites' waves start gap
// (+ clients.start) after their last move ends. One desktop team installs
// users_per_day in all: installs that become due while waves run follow them in wave
// order. Every server keeps one queue; moves queued later join its end. With no
// servers-first site the plan is clients-first, with every site servers-first.
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
// users are never blocked: they are disconnected while the outage lasts (they work on
// from the OST; the share of e-mail work that needs the server is lost), queue
// changes and, at recovery, each affected group sends one catch-up flow of cached
// users × cached bytes/day × (working seconds of the outage / working seconds per day)
// (× compression against 2003), class catch_up.
//
// # Disruption: what users wait for, beyond the end state
//
// A user's disruption rate r is the share of a working hour it cannot work with e-mail,
// from what its client does over the path it uses at that moment (physics.go):
//   - online mode (old client, or Outlook 2003 without cached mode): an action is
//     round_trips_per_action × (the path's round-trip time, 2 × its one-way latency, +
//     the server's RPC latency) + its bytes (traffic_per_day.online ÷ actions_per_day,
//     so the action cost and the steady reservation are one figure; × compression for
//     Outlook 2003 against 2003) over the path's share. The share is the least over the
//     path's resources of max((capacity − reservations) / (1 + transfers), capacity −
//     reservations − transfer load): processor sharing, never less than what the
//     transfers leave unused. An action costs the time beyond accepted_response (1 s,
//     LoadSim's target), or all of it from hang_threshold on (5 s, the "retrieving
//     data" dialog); actions per working second follow the steady profile
//     (actions_per_day over the day, the peak hour peak_factor × the average);
//     r = min(1, actions per second × cost). Continuous in bandwidth, latency and load:
//     no cliff but the hang rule. Split over the causes latency, server and bandwidth
//     by each part's share of the action's time;
//   - header-only cached mode: body_fetch_share of the actions open a body not yet
//     local: the same formula for item_size bytes (× compression) — cause header_fetch;
//     full cached mode works locally: r = 0;
//   - disconnected (an outage on the path, its own move): disconnected_share;
//   - blocked (an online client in an outage and its reconnect penalty; during its own
//     move) and waiting for the first usable sync: r = 1.
//
// A server's RPC latency is rpc_latency × D / share, share = (D − steady IOPS) / (1 +
// the syncs and moves it serves), with D = disk_iops_per_user × the mailboxes it is
// sized for and steady IOPS = iops_per_user × the mailboxes it holds: the idle latency
// stretched as processor sharing of the disk stretches it (idle / (1 − ρ) without
// transfers, the M/M/1-PS response time); a saturated disk makes every online action
// hang. Online users pay it on every round trip; cached users only in background
// sync (not counted).
//
// The target end state is the same for both orderings: Outlook 2003 as configured
// (cached or not, header-only where Outlook's slow-link rule says so) on the user's
// 2003 server over its end path. Every user-hour counts max(0, r − r_end) (blocked
// and waiting hours 1 − r_end), where r_end is what that end state would cost at the
// same moment: under the outages then in force (exact: the ledger compares each
// group with its end group's outages — a 5.5 group with the end group of its
// location's first user), on a network carrying only background and every user's
// end-state steady traffic, with its 2003 server holding its target mailboxes and
// serving no transfer. So the end state costs nothing by construction, and reaching
// it sooner earns credit only where the old state is worse — troubled 5.5 servers, the
// article's exception; a shortfall that lasts keeps counting. The end state's own cost
// over the horizon (end_state_user_hours: the same for either ordering) is reported
// apart, not in disruption. Consequence: where the end state itself is broken — every
// site link below the cached users' own steady traffic, e.g. 1,200 HQ users behind
// 612 kbps, ~2 million end-state user-hours — both orderings end there and their
// excess, and so their difference, is small; a sweep over such links is not monotone
// in the link speed because the end state's cost falls with it.
//
// Resolution: users exact, network and servers per bucket. Blocked, waiting and
// disconnected users are integrated exactly per group in the ledger's flush. The
// online and header-only users of each group are kept as a history of (time, counts)
// steps, O(1) entries per change; at the end (waits.go) each step is walked bucket by
// bucket against that bucket's carried reservations, transfer bytes and time-average
// number of transfers per resource (the engine's flow-seconds), and the server's
// average mailboxes and transfers — O(history + buckets with users) per group. The
// datacenter link is on every 2003 group's path, so rates exact to the event would
// re-evaluate thousands of groups at every flow start or end. Known approximations:
// a bucket that holds part of an outage averages the capacity lost into the
// reservations of its other part; in the walk, r_end ignores outages of the end path
// that the current path does not share (they could only lower the excess); the end
// state's own cost in an outage adds to, rather than replaces, its cost outside one.
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
// and on Outlook 2003 with a 2003 mailbox. cost_total = (blocked + waiting + degraded
// user-hours) × user_hour + training_per_user × users + deployment_phase × phases: with
// office_deployment separate clients-first deploys twice (Outlook now, Office later)
// and servers-first once (Outlook with Office after the servers); combined is one
// phase for either. saturated_link_hours counts link-hours at or above
// simulation.saturated_utilization (0.9); it changes no user's disruption. Series: users_by_state (one state per user: "moving" overrides every
// client state, "blocked" overrides online_local/online_remote; online_local = server
// on the user's LAN; the levels sum to the user count in every bucket), link_utilization
// (site WAN and datacenter links; remote access links count in the totals but get no
// line), wan_bytes_by_class, server_syncs and server_moves (time-weighted concurrent
// counts per server).
//
// # Phases
//
// Every user is in exactly one phase (phase.go); w.setPhase is the only way to change
// it and tells the ledger, which keeps users_by_state and the group's waiting and
// header-only counts consistent. Online-mode users are counted by their group, whose
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
// state, syncs, moves and mailboxes per server), the working-time integrators, the
// user working seconds per blocked and degraded cause (indexed by the cause's
// catalogue MetricID), each group's history of users whose waiting depends on the
// network, per-user times and marks, peaks and outage counts. Behaviour code tells it what changed — setPhase, group counts and
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
//     MetricDegradedFoo after MetricDegradedDisconnected) and its entry,
//     degradedCause(MetricDegradedFoo, "foo", "…") (blockedCause for a blocked cause).
//     DegradeCauses, the Result's map, the scalars and every report follow, and the
//     cause counts in its family's total and in the disruption score.
//  2. foo.go: the behaviour that decides when users are disrupted — its own events
//     scheduled on the engine, or a handler called from the event it reacts to (one
//     line where that event is handled) — calling w.led.disrupted(site, MetricDegradedFoo,
//     +n) when n users start being disrupted and −n when they stop (the ledger
//     integrates the count over working time). A cause
//     that depends on a group's state instead adds a case to ledger.flush, which is
//     called with the group before any change; one that depends on the network per
//     bucket goes in waits.go's walk.
//
// A new family (a new component of disruption) is a Family constant and a total entry
// with its parts; reports add every family's total into disruption.
//
// # Expected behaviour, checked (TestExpectedBehaviour; rollout compare, 10 replications, seed 1)
//
// branch-consolidation — clients-first, as the article says: 441 user-hours against
// 5,755 (paired difference 5,314, CI 4,069–6,559), because its initial syncs run
// against the nearby 5.5 servers instead of across the WAN (waiting 1,672 fewer) and
// its cached clients ride through the WAN outages and blips that hang servers-first's
// online clients on the WAN (blocked 1,149 and 362 fewer); servers-first's online
// clients also wait longer for their data and round trips while a day's logon syncs
// share the WAN and the 2003 servers (bandwidth 755, server 451, latency 139 more).
// Clients-first is disconnected 9 user-hours more (old-server outages before the
// moves; both server generations fail alike by default). WAN volume: 19 GB of initial
// sync against 131. With cached mode off the difference falls to −4 user-hours (CI −93
// to 84), a tie, and no reason names cached mode. The same answer and figures for
// horizons of 120 and 365 days (−5,314, 92 % less, both): after the migration both
// orderings are in the end state. A gap of 0 or 60 days between the phases: 440 and
// 458 user-hours for clients-first (the cached users' longer stay on the 5.5 servers
// costs only the outages there that the 2003 servers would not have had at the same
// moment).
//
// troubled-servers — servers-first, the article's exception: 6,259 user-hours against
// 13,312 (difference 7,054, CI 6,176–7,931), because its users leave the slow,
// overloaded 5.5 servers sooner: their 80 ms idle RPC latency, stretched by disks sized
// for 0.9 IOPS per mailbox against 0.75 of load and by every logon sync storm and move
// they serve, costs clients-first's online users 8,931 user-hours more; their weekly
// outages add 764 blocked and 575 disconnected hours. No parameter was tuned to force
// the answer: the description states the physical trouble (over 50 ms of server RPC
// latency is a delay users see).
//
// # Performance
//
// O(1) events per user state change (install, sync stages, move start/end), counts per
// group for blocking and waiting, no per-user loop per outage or per bucket; the
// steady reservations changed at one instant are applied once, before time advances;
// the wait walk is O(history + buckets with users) per group. The bucket series a
// replication only reads while it builds its Result (bytes and flow-seconds per
// resource and class, the state levels' integrals) come from the worker's
// sim.Buffers and go back to it, so a replication after a worker's first allocates
// almost none of them. BenchmarkReplication (100 sites, 240 days, outages on, both
// orderings per op, -benchtime=3x on the shared 2-core machine, load 4 to 6):
// users=2k 0.17–0.19 s/op, 48–88 MB allocated per op (282 MB when every replication
// allocates its own series); users=100k 1.1 s/op, 142 MB per op (419 MB).
//
// # Install patterns
//
// rollout.clients.install says when a day's installs happen. logon (the default): at
// the users' first logon, spread evenly over the first rollout.clients.logon_window
// (default 1 h, at most the working day) — the way a Group Policy software installation
// runs, which the Office 2003 Resource Kit warns can "bring a network to its knees" when
// turned on for many users at once. A day's syncs then overlap on the LAN, the WAN and the
// server: they share the path by processor sharing, each at most the per-client sync rate,
// and queue for the server's sync slots. spread: evenly over the whole working day, so that
// syncs rarely overlap (the optimistic case). A Scenario built in Go with no install
// pattern or no logon window spreads.
//
// # WAN volume counted once
//
// wan_gigabytes counts a byte once when it crosses the WAN — a site WAN link, the
// datacenter link or a remote access link, however many of them its path crosses (a sync
// from a 2003 server crosses the datacenter link and the site WAN; a move, the site WAN
// and the datacenter link) — and attributes it to the site of the user it serves. The
// per-link bytes stay in the link series (wan_bytes_by_class and link_utilization sum
// over links). A transfer counts its size at its start and gives back what it had not
// moved when aborted or at the horizon. wan_gigabytes is migration-window traffic: the
// steady traffic of a user (its demand, users × daily bytes × the profile, while its path
// is up) counts until the user reaches its end state and from then on goes to
// end_state_wan_gigabytes, reported apart; a catch-up transfer splits by the share of its
// group's cached users not yet in their end state. So the recommendation's WAN step
// compares what the migration adds, not months of the same post-migration drizzle.
//
// # Where servers stand
//
// A 2003 server stands in the datacenter (behind the datacenter link, as in Topology) or
// at a site (datacenter.servers[].site: an in-place upgrade on that site's LAN). Paths to
// a 2003 server at site H: an on-site user of H [LAN(H), EX03-k] (local, no latency); a
// user of another site s [LAN(s), WAN-down(s), WAN-up(H), EX03-k] (hubbed through the
// datacenter core like a 5.5 server at another site); a remote user [access, LAN(H),
// EX03-k] (the VPN ends at the server's site). Moves from the 5.5 server at h: into the
// same site [EX55(h), LAN(h), EX03-k]; to another site [EX55(h), LAN(h), WAN-up(h),
// WAN-down(H), LAN(H), EX03-k]. A move is cross-site, and costs a kept-OST user a full
// OAB download (TechNet bb124640), only when the 2003 server stands elsewhere than the
// user's 5.5 server. A one-building organization (both servers on the LAN) then crosses
// no WAN at all.
//
// # Outages everywhere a user depends on
//
// Besides the site WAN, blip and server processes, the datacenter link
// (datacenter.outages, stream "outage/datacenter-link": both directions fail) and every
// remote user's access link (sites.*.remote_users.outages, stream
// "outage/remote/<site>/<k>") have renewal processes of the same form. No published
// failure rate exists for either, so both are off by default. They count as long WAN
// outages (cause wan_outage) and act like a site WAN outage on the groups whose path
// crosses the failed link; their streams do not depend on the ordering.
//
// # OST and OAB as they are
//
// The OAB is clients.outlook2003.oab_size, by default "auto": oab_per_1000_recipients
// (1 MB, TechNet aa996152) per 1,000 of the organization's recipients, taken as the
// scenario's users; a full download at the first sync and after every cross-site move.
// An OST built against 5.5 is ANSI (KB 841207): a full sync against 5.5 whose OST would
// pass 2 GB (mailbox × ostInflation) stops there — the mailbox bytes synced are
// 2 GB / 1.5 — and the user is counted in users_ost_limit; what did not fit is not cached
// and the user works as a header-only user does (bodies on demand) until its move
// rebuilds the OST. clients.outlook2003.ost_format unicode (a Unicode-forcing policy)
// makes every moved cached user resync in full, OAB included (KB 841207); keep (the
// default) keeps the ANSI OST. An interrupted sync against 5.5 (resume_needs_2003)
// restarts, by restart_unit, the folder in progress (the default: the mailbox counts as
// sync_folders equal folders and the whole folders already synced are kept; an
// interrupted OAB starts again, TechNet aa998700) or the whole mailbox. A share
// existing_ost_share of each site's users (stream "ost/<site>") have an offline-folders
// OST (laptops on Outlook 2000/XP) that Outlook 2003 reuses; rollout.preseed names sites
// whose users, and preseed_remote the remote users, get an OST built on a LAN and shipped
// before the install (ORK HA001192193). For all of them the first sync brings only
// existing_ost_delta of the mailbox over their path (the OAB in full: a first install
// downloads it).
package model
