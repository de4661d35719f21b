// Package synth owns the scenario generator: a synthetic but believable
// world of border encounters, smuggling networks and intelligence, written
// as FtM JSON Lines with its complete ground truth, so that resolution,
// vetting and reports can be measured on data nobody has to ship.
//
// Generate is pure apart from its Sink: the same Config and Version give
// the same bytes. It streams the population one travel party at a time, so
// memory is bounded by the number of networks whatever the size; every
// party, network and the cast draw from their own random stream (seed,
// stream, index), so no output depends on generation order.
//
// # The world
//
// People come from many countries (Config.Countries; Central Asia, TJ UZ KZ
// KG, about a third). Names come from the embedded vocabulary derived from
// the popular-names data (CC0; see internal/gen). Each record spells a
// person as a document or an officer would: Cyrillic names in raw Cyrillic
// (Config.CyrillicShare) or romanized per record by internal/name under
// ICAO, BGN/PCGN, ISO 9, Uzbek or Kazakh Latin, French or German style;
// either order; with or without the patronymic (Russian style -ович/-овна or
// the national o'g'li/qizi, uly/qyzy, uulu/kyzy); surnames in the person's
// gender; a second surname for Spanish-named people, sometimes dropped.
// Noise: typos, upper-case surnames, swapped order, day/month swaps and
// year-only birth dates, missing fields, a renewed passport. Families
// travel together and share surname and home address; some party heads are
// look-alikes of an earlier head (same names, nothing else).
//
// Encounters (Event records: date, border sector, involved Person records)
// span Config.Years from Config.Start; a party may be met again later,
// under other spellings. A share of parties (Config.ClientShare) are
// clients of a smuggling network; networks have a leader, facilitators,
// guides with client-facing phones, and stash addresses, all in the
// agency's casefiles (source "casefiles": the Organization with topic
// crime.traffick, member Person records, Membership records with roles).
// Clients are linked the way evidence appears: the guide travelling with
// them (the Event's involved list), the guide's phone in their phone list,
// a stash address given as their address, a debrief (UnknownLink role
// moved_by naming the guide, a facilitator or the network) and a Payment
// from a remittance payer record to a facilitator. Every client has at
// least one such piece of evidence. With Config.FamilyLinks, some debriefs
// also name a relative in the home country who is no client (a Family
// record): context, never a flag.
//
// The published case: net-1 (N1) moves mostly Central Asian clients over
// most of the window; net-2 (N2) is the earlier network. REPORT-1 (B2) ties
// N2's facilitators F (net-2-f-1) and F2 (net-2-f-2) to the designated
// group G (grp-1, crime.terror, with three members whose Person records
// carry phones) and N1 to N2 (an organization-to-organization tied_to).
// REPORT-2 (B2) names eight Tajik men, N1 clients admitted years before, as
// tied to G. REPORT-3 (C3) names five people as tied to G: two of the
// eight, O1 (an N1 client whose phone list holds the phone of G's first
// member, like O2, who is no client), R1 (nobody else's concern) and R2 (an
// N1 client). REPORT-4 (B1) supersedes REPORT-1: it restates G, its members
// and F's tie, drops F2 and restates the N1–N2 link as a shared transport
// (role shared_transport, so associate_of). REPORT-3 is then retracted.
// A look-alike of the first of the eight (same names, another person) is
// in the encounters to test precision.
//
// # Files
//
//	records/encounters.ftm.jsonl    source "encounters"
//	records/casefiles.ftm.jsonl     source "casefiles"
//	intel/00N-<name>.ftm.jsonl      source REPORT-N, graded
//	timeline.json                   the steps, in order (Step)
//	truth/clusters.csv              source,record_id,cluster for every Person and Organization record
//	truth/networks.csv              network,role,cluster (role member|facilitator|guide|client; the
//	                                leader is a member; grp-1's members are listed too)
//	truth/flags-after-step-K.csv    cluster,category,concern,degree expected after step K (rows in
//	                                a fixed but unsorted order: streamed clients first)
//	truth/summary.json              Summary
//
// # Timeline and system time
//
// Seven steps, the same for every seed and size: 1 import encounters, 2
// import casefiles, 3 REPORT-1, 4 REPORT-2, 5 REPORT-3, 6 REPORT-4
// (supersedes REPORT-1, step 3), 7 retract REPORT-3 (step 5). Step 1's
// system time ("at") is the end of the encounter window (Start + Years),
// each later step 30 days after the one before, so every encounter (its
// valid time, the Event date) lies before any intelligence existed. A
// harness imports each step's files with --source and --grade at the step's
// time, maps "supersedes" to the batch it imported for that source, and
// turns "retract" into the retraction of the target source's batch.
//
// # How the expected flags are derived
//
// From the generator's own world, under the default link policy of
// DESIGN.md, not by calling internal/vet. Flags are walks of at most two
// links from a person (identifier nodes are not links); a node's own topics
// count at the walk's length; only Person clusters are flagged. member_of,
// leader_of and facilitator_for pass every topic and are followed always;
// tied_to and personal identifiers (at most PersonalIdentifierMax holders)
// pass every topic and the walk goes on through people and organizations
// alike; client links (moved_by and paid, subject to object; travelled_with
// both ways; widely shared identifiers) pass crime.traffick only, and after
// one only membership links are followed; family_of and associate_of never
// flag. A statement counts from its batch's step until it is superseded or
// retracted. So N1's members reach N2 (crime.traffick, degree 2) through
// REPORT-1's tie until REPORT-4 restates it, N1's clients never do (unless
// they gave a personal N1 stash address, see below), and no client of N1 or
// N2 is flagged crime.terror without an own path.
//
// Network members, G's members and the cast are evaluated on a small core
// graph that holds every link that can carry a concern other than a
// network's own crime.traffick. An ordinary client's flags follow from
// their own evidence alone: crime.traffick, concern their network, degree 1
// when the evidence names the network (a debrief, or a stash address the
// network's record holds) and degree 2 through a guide or facilitator
// (travel, phone, debrief, payment), from the casefiles step on; written as
// the population streams. Links between clients (travelling together, a
// family's address) cannot lower that: a fellow client is at degree 1 or
// more and has no topic of their own. No ordinary client shares an
// identifier with G or the cast, and F and F2 are reached by clients only
// through client links. The one place where holder counts matter is an N1
// stash address: held by N1 and at most PersonalIdentifierMax-1 clients it
// is personal and passes N1's tie to N2 on (degree 2 while REPORT-1 holds);
// the generator counts holders per N1 stash and writes those flags after
// the stream, keeping only N1's stash clients in memory.
//
// The truth assumes perfect resolution: a record that no evidence can tie
// to its person (it happens, as in real files) still counts for the
// person's cluster.
package synth
