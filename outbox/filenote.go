package outbox

// noteFile records on item id what became of its file (nil clears it). It fails while a
// worker holds the item (the watch tries again on its next look), so a worker's later save
// never overwrites the note with an older copy.
func (o *Outbox) noteFile(id string, note Text) error {
	it, err := o.take(id)
	if err != nil {
		return err
	}
	defer o.release(id)
	it.FileNote = note
	return o.save(&it)
}
