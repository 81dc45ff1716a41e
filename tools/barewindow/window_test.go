package main

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestNewWindowHasTitleAndOneLabel(t *testing.T) {
	w := newWindow(test.NewTempApp(t))
	defer w.Close()
	if got := w.Title(); got != Title {
		t.Fatalf("title = %q, want %q", got, Title)
	}
	label, ok := w.Content().(*widget.Label)
	if !ok {
		t.Fatalf("content is %T, want a single *widget.Label", w.Content())
	}
	if label.Text == "" {
		t.Fatal("label is empty")
	}
	if got := w.Canvas().Size(); got != Size {
		t.Errorf("window size = %v, want Chorus Desk's %v", got, Size)
	}
}
