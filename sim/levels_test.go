package sim

import "testing"

// Signal 0 is 2 on [0.5, 2.5) and 5 on [2.5, 3.5); buckets of 1 s:
// bucket 0: 2·0.5 = 1 → average 1; bucket 1: 2 → 2; bucket 2: 2·0.5 + 5·0.5
// = 3.5; bucket 3 is covered up to 3.5 only: 5·0.5/0.5 = 5. Integral = 4 + 5
// = 9 value·seconds.
func TestLevels(t *testing.T) {
	l := NewLevels(1, 5, 2)
	l.Add(0.5, 0, 2)
	l.Add(2.5, 0, 3)
	l.Add(1, 1, 1)
	l.Finish(3.5)
	got := l.Series(0)
	want := []float64{1, 2, 3.5, 5, 0}
	for i := range want {
		if relErr(got[i], want[i]) > 1e-12 {
			t.Fatalf("series %v, want %v", got, want)
		}
	}
	if l.Integral(0) != 9 || l.Integral(1) != 2.5 || l.Value(0) != 5 {
		t.Fatalf("integrals %v %v, value %v; want 9, 2.5, 5", l.Integral(0), l.Integral(1), l.Value(0))
	}
	if s := l.Series(1); s[0] != 0 || s[1] != 1 || s[3] != 1 {
		t.Fatalf("series of signal 1 %v", s)
	}
}

func TestLevelsTimeBackwardsPanics(t *testing.T) {
	l := NewLevels(1, 2, 1)
	l.Add(2, 0, 1)
	defer func() {
		if recover() == nil {
			t.Fatal("Add at an earlier time did not panic")
		}
	}()
	l.Add(1, 0, 1)
}
