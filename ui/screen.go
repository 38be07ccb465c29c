package ui

import (
	tea "charm.land/bubbletea/v2"
)

// screen is a view that takes the body from the walk: the profile picker
// (p), the save dialog (ctrl+s) and the demo's fault list (f). Each owns
// its keys, its body, its help and its title; the root routes to the
// active one (Model.screen, nil on the walk) and never asks which it is.
//
// A screen's state lives in the model (Model.picker, Model.save,
// Model.faults) so that it survives the model being copied; the screen
// values are stateless and take the root, as steps do.
type screen interface {
	// key handles a key press while the screen is on show.
	key(m *Model, msg tea.KeyPressMsg) tea.Cmd
	// paste handles pasted text.
	paste(m *Model, msg tea.PasteMsg) tea.Cmd
	// update handles other messages (the picker's filter results).
	update(m *Model, msg tea.Msg) tea.Cmd
	// view draws the body, w×h.
	view(m *Model, w, h int) string
	// help is the screen's key help.
	help(m *Model) helpKeys
	// title follows "oauthlens ·" in the header.
	title() string
}

// The screens. screenWalk (nil) is the walk itself.
var (
	screenWalk   screen
	screenPicker screen = pickerBody{}
	screenSave   screen = saveBody{}
	screenFaults screen = faultsBody{}
	screenNewAPI screen = newAPIBody{}
)

// pickerBody is the profile picker as a screen.
type pickerBody struct{}

func (pickerBody) key(m *Model, msg tea.KeyPressMsg) tea.Cmd { return m.pickerKey(msg) }

func (pickerBody) paste(m *Model, msg tea.PasteMsg) tea.Cmd { return m.pickerUpdate(msg) }

func (pickerBody) update(m *Model, msg tea.Msg) tea.Cmd { return m.pickerUpdate(msg) }

func (pickerBody) view(m *Model, _, _ int) string { return m.picker.View() }

func (pickerBody) help(m *Model) helpKeys { return helpOf(m.picker) }

func (pickerBody) title() string { return "choose a profile" }

// pickerUpdate gives a message to the picker's list.
func (m *Model) pickerUpdate(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	m.picker, cmd = m.picker.Update(msg)
	return cmd
}

// saveBody is the save dialog as a screen.
type saveBody struct{}

func (saveBody) key(m *Model, msg tea.KeyPressMsg) tea.Cmd { return m.saveKey(msg) }

func (saveBody) paste(m *Model, msg tea.PasteMsg) tea.Cmd {
	var cmd tea.Cmd
	m.save, cmd = m.save.updateInput(msg)
	return cmd
}

func (saveBody) update(*Model, tea.Msg) tea.Cmd { return nil }

func (saveBody) view(m *Model, w, _ int) string { return m.save.View(w, m.saveNotes()) }

func (saveBody) help(m *Model) helpKeys { return helpOf(m.save) }

func (saveBody) title() string { return "save the walk as a profile" }

// faultsBody is the demo server's fault list as a screen.
type faultsBody struct{}

func (faultsBody) key(m *Model, msg tea.KeyPressMsg) tea.Cmd { return m.faultsKey(msg) }

func (faultsBody) paste(*Model, tea.PasteMsg) tea.Cmd { return nil }

func (faultsBody) update(*Model, tea.Msg) tea.Cmd { return nil }

func (faultsBody) view(m *Model, _, _ int) string { return m.faults.View() }

func (faultsBody) help(m *Model) helpKeys { return helpOf(m.faults) }

func (faultsBody) title() string { return "demo server faults" }
