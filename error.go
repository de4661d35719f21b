package vetgraph

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an error. Codes map to HTTP statuses and exit codes in one
// place each (internal/server and cmd/vetgraph).
type Code string

// The error codes.
const (
	Invalid      Code = "invalid"      // bad input: a file, a flag, a request body
	NotFound     Code = "not_found"    // the thing asked for does not exist
	Conflict     Code = "conflict"     // the thing exists already, or changed under us
	Unauthorized Code = "unauthorized" // no or bad credentials
	Forbidden    Code = "forbidden"    // credentials fine, role insufficient
	Internal     Code = "internal"     // a bug or an environment failure
)

// Error is the one error type. Op names the operation ("sqlite.ImportBatch"),
// Msg is safe to show to a user, Err is the wrapped cause.
//
// For input errors, File, Line and Field locate the problem; Line is 1-based
// (a record number where the format has no lines) and zero when unknown.
type Error struct {
	Code  Code
	Op    string
	Msg   string
	File  string
	Line  int
	Field string
	Err   error
}

// Errorf returns an *Error with the given code, op and formatted message.
// A %w verb in format wraps its operand as the cause.
func Errorf(code Code, op, format string, args ...any) *Error {
	wrapped := fmt.Errorf(format, args...)
	e := &Error{Code: code, Op: op, Msg: wrapped.Error()}
	e.Err = errors.Unwrap(wrapped)
	return e
}

// Error formats the error as "op: file:line: field: msg: cause", leaving out
// empty parts.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if loc := e.Location(); loc != "" {
		b.WriteString(loc)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Err != nil && !strings.Contains(e.Msg, e.Err.Error()) {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Location formats File, Line and Field as "file:line: field \"name\"", or
// returns "" when none is set.
func (e *Error) Location() string {
	var parts []string
	switch {
	case e.File != "" && e.Line > 0:
		parts = append(parts, fmt.Sprintf("%s:%d", e.File, e.Line))
	case e.File != "":
		parts = append(parts, e.File)
	case e.Line > 0:
		parts = append(parts, fmt.Sprintf("line %d", e.Line))
	}
	if e.Field != "" {
		parts = append(parts, fmt.Sprintf("field %q", e.Field))
	}
	return strings.Join(parts, ": ")
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the code of the first *Error in err's chain, Internal for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	return Internal
}

// ErrorMessage returns a message safe to show a user: the Msg (with location)
// of the first *Error in err's chain, or "internal error".
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		if loc := e.Location(); loc != "" {
			return loc + ": " + e.Msg
		}
		return e.Msg
	}
	return "internal error"
}
