package pgast

import (
	"encoding/binary"
	"errors"
	"math"
)

// The protobuf wire format, as much of it as pg_query's trees use. It is
// written here rather than taken from the protobuf runtime, whose packages
// do work at start-up that every go vet process would pay.

const (
	varintType  = 0
	fixed64Type = 1
	bytesType   = 2
	fixed32Type = 5
)

var (
	errWire        = errors.New("malformed parse tree")
	errTooDeep     = errors.New("parse tree nested too deeply")
	errInvalidUTF8 = errors.New("parse tree holds a string that is not valid UTF-8")
)

// MaxDepth bounds decoding recursion, as the protobuf runtime does.
const MaxDepth = 10000

func consumeVarint(b []byte) (uint64, int) {
	v, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, -1
	}
	return v, n
}

// consumeTag reads a field number and wire type.
func consumeTag(b []byte) (num int32, typ int, n int) {
	v, n := consumeVarint(b)
	if n < 0 || v>>3 == 0 || v>>3 > math.MaxInt32 {
		return 0, 0, -1
	}
	return int32(v >> 3), int(v & 7), n
}

func consumeBytes(b []byte) ([]byte, int) {
	l, n := consumeVarint(b)
	if n < 0 || l > uint64(len(b)-n) {
		return nil, -1
	}
	return b[n : n+int(l)], n + int(l)
}

func consumeFixed64(b []byte) (uint64, int) {
	if len(b) < 8 {
		return 0, -1
	}
	return binary.LittleEndian.Uint64(b), 8
}

// skipField passes over a field this package does not know.
func skipField(typ int, b []byte) int {
	switch typ {
	case varintType:
		_, n := consumeVarint(b)
		return n
	case fixed64Type:
		if len(b) < 8 {
			return -1
		}
		return 8
	case bytesType:
		_, n := consumeBytes(b)
		return n
	case fixed32Type:
		if len(b) < 4 {
			return -1
		}
		return 4
	}
	return -1
}

func appendTag(b []byte, num int32, typ int) []byte {
	return binary.AppendUvarint(b, uint64(num)<<3|uint64(typ))
}

func appendVarint(b []byte, num int32, v uint64) []byte {
	return binary.AppendUvarint(appendTag(b, num, varintType), v)
}

func appendBytes(b []byte, num int32, v []byte) []byte {
	b = binary.AppendUvarint(appendTag(b, num, bytesType), uint64(len(v)))
	return append(b, v...)
}

func appendString(b []byte, num int32, v string) []byte {
	b = binary.AppendUvarint(appendTag(b, num, bytesType), uint64(len(v)))
	return append(b, v...)
}

func appendFixed64(b []byte, num int32, v uint64) []byte {
	return binary.LittleEndian.AppendUint64(appendTag(b, num, fixed64Type), v)
}

// appendMessage writes a nested message, length first.
func appendMessage(b []byte, num int32, m interface{ appendTo([]byte) []byte }) []byte {
	return appendBytes(b, num, m.appendTo(nil))
}

// appendPacked writes a repeated integer field packed, as proto3 does.
func appendPacked(b []byte, num int32, vs []uint64) []byte {
	var p []byte
	for _, v := range vs {
		p = binary.AppendUvarint(p, v)
	}
	return appendBytes(b, num, p)
}
