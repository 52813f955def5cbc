package main

import (
	"fmt"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// scaling times softdelete and the no-op floor while the module grows in
// packages (schema fixed) and in migration files (packages fixed), prints
// the points and writes both curves to a PNG.
func (h *harness) scaling(base shape, png string) error {
	sweeps := []struct {
		title, axis string
		values      []int
		apply       func(shape, int) shape
	}{
		{"time against packages", "packages", []int{15, 30, 60, 120, 240},
			func(s shape, n int) shape { s.packages = n; return s }},
		{"time against migration files", "migration files", []int{30, 60, 120, 240, 480},
			func(s shape, n int) shape { s.files = n; s.tables = max(s.tables, n); return s }},
	}
	plots := make([][]*plot.Plot, 1)
	plots[0] = make([]*plot.Plot, len(sweeps))
	for i, sw := range sweeps {
		p := plot.New()
		p.Title.Text = sw.title
		p.X.Label.Text = sw.axis
		p.Y.Label.Text = "go vet wall time (s)"
		var lines []any
		for _, c := range contenders[:2] {
			pts := make(plotter.XYs, 0, len(sw.values))
			for _, n := range sw.values {
				s := sw.apply(base, n)
				dir, snapshot, err := h.module(s)
				if err != nil {
					return err
				}
				smp, err := h.run(c, dir, snapshot)
				if err != nil {
					return err
				}
				fmt.Printf("%-30s %-16s %4d: %6.2fs %6.0f MB\n", c.name, sw.axis, n, smp.wall.Seconds(), float64(smp.maxRSSKB)/1024)
				pts = append(pts, plotter.XY{X: float64(n), Y: smp.wall.Seconds()})
			}
			lines = append(lines, c.name, pts)
		}
		if err := plotutil.AddLinePoints(p, lines...); err != nil {
			return err
		}
		plots[0][i] = p
	}
	img := vgimg.New(12*vg.Inch, 4.5*vg.Inch)
	tiles := draw.Tiles{Rows: 1, Cols: len(sweeps), PadX: 6 * vg.Millimeter, PadY: 4 * vg.Millimeter,
		PadTop: 2 * vg.Millimeter, PadBottom: 2 * vg.Millimeter, PadLeft: 2 * vg.Millimeter, PadRight: 4 * vg.Millimeter}
	canvases := plot.Align(plots, tiles, draw.New(img))
	for j, p := range plots[0] {
		p.Draw(canvases[0][j])
	}
	f, err := os.Create(png)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
