package main

// FerretDB v1 runs every update as read, change in Go, write back by _id, without checking that
// the filter still matches when it writes (see COMPATIBILITY.md §4). Two clients claiming the same
// lease therefore both win, and parallel $inc lose updates: single-document atomicity, which
// MongoDB guarantees and Kindly relies on, does not hold.
//
// This front restores it. Clients connect here; each connection is relayed to FerretDB over a
// Unix socket, and every write command (insert, update, delete, findAndModify, index and
// collection changes) runs alone: one process-wide lock is held from the moment the request is
// relayed until its whole reply is back. Reads are relayed without the lock. SQLite serialises
// writers anyway, so little throughput is lost, and SQLITE_BUSY under load disappears too.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
)

const (
	opMsg        = 2013
	opCompressed = 2012
	// OP_MSG flag: the sender expects no reply to this message.
	flagMoreToCome = 1 << 1
	maxMessageSize = 48 * 1000 * 1000
)

// Commands that change data or metadata. Anything unrecognised that is not OP_MSG is also
// treated as a write: being too careful only costs a little speed.
var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findAndModify": true, "findandmodify": true,
	"create": true, "createIndexes": true, "drop": true, "dropDatabase": true, "dropIndexes": true,
	"renameCollection": true, "collMod": true, "compact": true,
}

type serializer struct {
	backend string // Unix socket path of the embedded FerretDB
	writes  sync.Mutex
	logger  *slog.Logger
}

func (s *serializer) serve(listener net.Listener) error {
	for {
		client, err := listener.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		go s.relay(client)
	}
}

func (s *serializer) relay(client net.Conn) {
	defer client.Close()
	backend, err := net.Dial("unix", s.backend)
	if err != nil {
		s.logger.Error("cannot reach FerretDB", "error", err)
		return
	}
	defer backend.Close()

	for {
		request, err := readMessage(client)
		if err != nil {
			return // the client closed the connection, or sent garbage: drop it either way
		}
		if err := s.roundTrip(request, backend, client); err != nil {
			s.logger.Warn("relay failed", "error", err)
			return
		}
	}
}

// roundTrip relays one request and, unless the client asked for none, its one reply.
func (s *serializer) roundTrip(request []byte, backend, client net.Conn) error {
	if isWrite(request) {
		s.writes.Lock()
		defer s.writes.Unlock()
	}
	if _, err := backend.Write(request); err != nil {
		return err
	}
	if expectsNoReply(request) {
		return nil
	}
	reply, err := readMessage(backend)
	if err != nil {
		return err
	}
	_, err = client.Write(reply)
	return err
}

// readMessage reads one whole wire-protocol message: a 16-byte header whose first int32 is the
// total length, then the body.
func readMessage(r io.Reader) ([]byte, error) {
	header := make([]byte, 16)
	if _, err := io.ReadFull(r, header); err != nil {
		return nil, err
	}
	length := int(int32(binary.LittleEndian.Uint32(header)))
	if length < 16 || length > maxMessageSize {
		return nil, fmt.Errorf("message length %d out of range", length)
	}
	message := make([]byte, length)
	copy(message, header)
	if _, err := io.ReadFull(r, message[16:]); err != nil {
		return nil, err
	}
	return message, nil
}

func opCode(message []byte) int32 {
	return int32(binary.LittleEndian.Uint32(message[12:16]))
}

func expectsNoReply(message []byte) bool {
	return opCode(message) == opMsg && len(message) >= 20 &&
		binary.LittleEndian.Uint32(message[16:20])&flagMoreToCome != 0
}

// isWrite reads the command name: in OP_MSG, the first key of the body section (kind 0).
func isWrite(message []byte) bool {
	switch opCode(message) {
	case opMsg:
		name, ok := commandName(message)
		return !ok || writeCommands[name]
	case opCompressed:
		return true
	default:
		return false // legacy OP_QUERY: only the driver's handshake uses it
	}
}

func commandName(message []byte) (string, bool) {
	// header (16) + flagBits (4), then sections; the body section is a BSON document:
	// int32 length, then elements of type byte + C-string name + value.
	offset := 20
	for offset < len(message) {
		kind := message[offset]
		offset++
		if kind == 1 { // document sequence: int32 size (including itself), skip it
			if offset+4 > len(message) {
				return "", false
			}
			offset += int(binary.LittleEndian.Uint32(message[offset:]))
			continue
		}
		if kind != 0 || offset+5 > len(message) {
			return "", false
		}
		start := offset + 5 // past the document length and the first element's type byte
		for end := start; end < len(message); end++ {
			if message[end] == 0 {
				return string(message[start:end]), true
			}
		}
		return "", false
	}
	return "", false
}
