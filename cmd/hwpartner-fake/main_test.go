package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServesUntilStopped(t *testing.T) {
	t.Parallel()
	r, w := io.Pipe()
	stop := make(chan os.Signal, 1)
	done := make(chan error, 1)
	go func() { done <- run([]string{"-addr", "127.0.0.1:0", "-token", "tok-1", "-seed-demo"}, w, stop) }()

	br := bufio.NewReader(r)
	line, err := br.ReadString('\n')
	require.NoError(t, err)
	url := strings.TrimSpace(line)
	assert.True(t, strings.HasPrefix(url, "http://127.0.0.1:"), url)
	line, err = br.ReadString('\n')
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(line, "obs: http://127.0.0.1:"), line)

	resp, err := http.Get(url + "/v2/no/such/api")
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	var body map[string]string
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	assert.Equal(t, "APIGW.0101", body["error_code"])

	stop <- os.Interrupt
	assert.NoError(t, <-done)
	// Seeding the demo prints nothing beyond the two URLs.
	require.NoError(t, w.Close())
	rest, err := io.ReadAll(br)
	require.NoError(t, err)
	assert.Empty(t, rest)
	_, err = http.Get(url + "/v2/no/such/api")
	assert.Error(t, err, "the server is closed")
}

func TestBadFlags(t *testing.T) {
	t.Parallel()
	err := run([]string{"-no-such-flag"}, io.Discard, make(chan os.Signal))
	assert.Error(t, err)
	err = run([]string{"-ak", ""}, io.Discard, make(chan os.Signal))
	assert.Error(t, err)
}
