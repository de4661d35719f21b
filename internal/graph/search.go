package graph

import (
	"container/heap"
	"slices"
)

// State is a caller-defined search state carried along a path (for example
// "the path has gone through a client link, only the network's own topic may
// pass from here on").
type State uint8

// Move is one step a search may take: along edge Edge (in either direction)
// to node To, entering State, adding Cost to the path's cost (its degree) and
// multiplying its strength by Weight (in (0,1]).
type Move struct {
	Edge   EdgeID
	To     NodeID
	State  State
	Cost   uint8
	Weight float64
}

// Expander yields the moves allowed from node n in state s, given the cost
// the path may still spend (moves costing more are dropped by the search, so
// an expander may skip them early). It must not mutate the graph. It stops
// when yield returns false.
type Expander func(n NodeID, s State, budget int, yield func(Move) bool)

// Walk enumerates, depth first, every simple path (no node twice) from src in
// state s whose total cost is at most maxCost, following the expander's
// moves. visit is called with each path (the moves so far, non-empty) and its
// strength (the product of the weights); it returns false to stop extending
// that path. The path slice is reused: copy it to keep it.
func Walk(src NodeID, s State, maxCost int, expand Expander, visit func(path []Move, strength float64) bool) {
	path := make([]Move, 0, 8)
	onPath := []NodeID{src}
	var rec func(n NodeID, s State, cost int, strength float64)
	rec = func(n NodeID, s State, cost int, strength float64) {
		expand(n, s, maxCost-cost, func(m Move) bool {
			c := cost + int(m.Cost)
			if c > maxCost || slices.Contains(onPath, m.To) {
				return true
			}
			st := strength * m.Weight
			path = append(path, m)
			onPath = append(onPath, m.To)
			if visit(path, st) {
				rec(m.To, m.State, c, st)
			}
			path = path[:len(path)-1]
			onPath = onPath[:len(onPath)-1]
			return true
		})
	}
	rec(src, s, 0, 1)
}

// Neighbors yields the nodes one move away from n with the move's cost (0 or
// 1). It stops when yield returns false.
type Neighbors func(n NodeID, yield func(to NodeID, cost uint8) bool)

// Bounded returns every node within cost maxCost of any seed, following
// next, with its least cost (seeds have cost 0). Costs are 0 or 1 (a 0-1
// breadth-first search), so zero-cost moves (through an identifier node) do
// not count against the bound.
func Bounded(seeds []NodeID, maxCost int, next Neighbors) map[NodeID]int {
	dist := make(map[NodeID]int, len(seeds)*4)
	var cur, zero []NodeID
	for _, s := range seeds {
		if _, ok := dist[s]; !ok {
			dist[s] = 0
			cur = append(cur, s)
		}
	}
	for d := 0; d <= maxCost && len(cur) > 0; d++ {
		var nextLevel []NodeID
		// Expand the level, including nodes reached at zero cost.
		for len(cur) > 0 {
			n := cur[len(cur)-1]
			cur = cur[:len(cur)-1]
			if dist[n] != d {
				continue
			}
			next(n, func(to NodeID, c uint8) bool {
				nd := d + int(c)
				if old, ok := dist[to]; ok && old <= nd {
					return true
				}
				if nd > maxCost {
					return true
				}
				dist[to] = nd
				if c == 0 {
					zero = append(zero, to)
				} else {
					nextLevel = append(nextLevel, to)
				}
				return true
			})
			if len(cur) == 0 && len(zero) > 0 {
				cur, zero = zero, cur[:0]
			}
		}
		cur = nextLevel
	}
	return dist
}

// Path is a path found by KStrongest.
type Path struct {
	Moves    []Move
	Cost     int
	Strength float64
}

type partial struct {
	node     NodeID
	state    State
	cost     int
	strength float64
	prev     int // index into the arena, -1 for the source
	move     Move
	seq      int
}

type pq struct {
	arena []partial
	idx   []int
}

func (q *pq) Len() int { return len(q.idx) }
func (q *pq) Less(i, j int) bool {
	a, b := &q.arena[q.idx[i]], &q.arena[q.idx[j]]
	if a.strength != b.strength {
		return a.strength > b.strength
	}
	if a.cost != b.cost {
		return a.cost < b.cost
	}
	return a.seq < b.seq
}
func (q *pq) Swap(i, j int) { q.idx[i], q.idx[j] = q.idx[j], q.idx[i] }
func (q *pq) Push(x any)    { q.idx = append(q.idx, x.(int)) }
func (q *pq) Pop() any {
	x := q.idx[len(q.idx)-1]
	q.idx = q.idx[:len(q.idx)-1]
	return x
}

// KStrongest returns up to k simple paths from src (in state s) to any node
// for which goal returns true, strongest first (ties: lower cost first, then
// discovery order), each with total cost at most maxCost. Because every
// weight is at most 1, strength never grows along a path, so a best-first
// search finds them in order; each (node, state) is settled at most k times.
func KStrongest(src NodeID, s State, k, maxCost int, expand Expander, goal func(NodeID, State) bool) []Path {
	if k <= 0 {
		return nil
	}
	q := &pq{arena: []partial{{node: src, state: s, strength: 1, prev: -1}}}
	q.idx = []int{0}
	type ns struct {
		n NodeID
		s State
	}
	settled := make(map[ns]int)
	var out []Path
	seq := 1
	for q.Len() > 0 && len(out) < k {
		i := heap.Pop(q).(int)
		p := q.arena[i]
		key := ns{p.node, p.state}
		if settled[key] >= k {
			continue
		}
		settled[key]++
		if p.prev >= 0 && goal(p.node, p.state) {
			out = append(out, q.unwind(i))
		}
		expand(p.node, p.state, maxCost-p.cost, func(m Move) bool {
			c := p.cost + int(m.Cost)
			if c > maxCost || q.onPath(i, m.To) {
				return true
			}
			q.arena = append(q.arena, partial{node: m.To, state: m.State, cost: c, strength: p.strength * m.Weight, prev: i, move: m, seq: seq})
			seq++
			heap.Push(q, len(q.arena)-1)
			return true
		})
	}
	return out
}

func (q *pq) onPath(i int, n NodeID) bool {
	for ; i >= 0; i = q.arena[i].prev {
		if q.arena[i].node == n {
			return true
		}
	}
	return false
}

func (q *pq) unwind(i int) Path {
	p := Path{Cost: q.arena[i].cost, Strength: q.arena[i].strength}
	for ; q.arena[i].prev >= 0; i = q.arena[i].prev {
		p.Moves = append(p.Moves, q.arena[i].move)
	}
	slices.Reverse(p.Moves)
	return p
}

// Communities partitions nodes by weighted label propagation over the
// undirected neighbourhood given by neighbors (restricted to nodes in the
// set). It is deterministic: nodes are visited in ascending id order and
// ties go to the smallest label. It returns each node's community label (the
// id of one of its members) after at most maxIter rounds.
func Communities(nodes []NodeID, maxIter int, neighbors func(n NodeID, yield func(NodeID, float64) bool)) map[NodeID]NodeID {
	order := slices.Clone(nodes)
	slices.Sort(order)
	order = slices.Compact(order)
	label := make(map[NodeID]NodeID, len(order))
	for _, n := range order {
		label[n] = n
	}
	score := make(map[NodeID]float64)
	for it := 0; it < maxIter; it++ {
		changed := false
		for _, n := range order {
			clear(score)
			neighbors(n, func(m NodeID, w float64) bool {
				if l, ok := label[m]; ok && m != n {
					score[l] += w
				}
				return true
			})
			if len(score) == 0 {
				continue
			}
			best, bestW := label[n], -1.0
			for l, w := range score {
				if w > bestW || (w == bestW && l < best) {
					best, bestW = l, w
				}
			}
			// Keep the current label on a tie, so the process settles.
			if cw, ok := score[label[n]]; ok && cw == bestW {
				best = label[n]
			}
			if best != label[n] {
				label[n] = best
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return label
}
