package hwpartnertest

import (
	"errors"

	"github.com/hwpartner/go-hwpartner/auth"
)

// ClientConfig is what a client needs to call the server as one account.
// The SDK takes it in one option, without this package importing the
// SDK:
//
//	c, err := hwpartner.NewClient(hwpartner.WithConfig(srv.ClientConfig()))
//
// Its JSON form is what the standalone fake prints with -print-config.
// It holds a secret key, so it prints without it.
type ClientConfig struct {
	Endpoint    string `json:"endpoint"`
	OBSEndpoint string `json:"obs_endpoint"`
	// AccessKey and SecretKey sign requests; SecurityToken is set for
	// temporary keys. Token, when set instead, is sent as X-Auth-Token.
	AccessKey     string `json:"access_key,omitempty"`
	SecretKey     string `json:"secret_key,omitempty"`
	SecurityToken string `json:"security_token,omitempty"`
	Token         string `json:"token,omitempty"`
	// DomainID is the account id, sent as X-Domain-Id with access keys.
	DomainID string `json:"domain_id"`
}

// ClientConfig returns the configuration of the default distributor's
// access keys.
func (s *Server) ClientConfig() ClientConfig {
	return s.ClientConfigFor(s.defaultCred)
}

// ClientConfigFor returns the configuration of other credentials of the
// server (WithCredential, AddCredential): their access keys, or their
// token when they have no keys.
func (s *Server) ClientConfigFor(c Credential) ClientConfig {
	cfg := ClientConfig{Endpoint: s.URL, OBSEndpoint: s.obs.URL, DomainID: c.Account.DomainID}
	if c.AccessKey != "" {
		cfg.AccessKey, cfg.SecretKey, cfg.SecurityToken = c.AccessKey, c.SecretKey, c.SecurityToken
	} else {
		cfg.Token = c.Token
	}
	return cfg
}

// ConfigEndpoint is the base URL, for the SDK's WithConfig.
func (c ClientConfig) ConfigEndpoint() string { return c.Endpoint }

// ConfigCredentials builds the credentials, for the SDK's WithConfig.
func (c ClientConfig) ConfigCredentials() (auth.Credentials, error) {
	switch {
	case c.AccessKey != "" && c.SecurityToken != "":
		k, err := auth.NewTemporaryAKSK(c.AccessKey, c.SecretKey, c.SecurityToken)
		if err != nil {
			return nil, err
		}
		return withDomain(k, c.DomainID), nil
	case c.AccessKey != "":
		k, err := auth.NewAKSK(c.AccessKey, c.SecretKey)
		if err != nil {
			return nil, err
		}
		return withDomain(k, c.DomainID), nil
	case c.Token != "":
		return auth.NewToken(c.Token)
	}
	return nil, errors.New("hwpartnertest: the client configuration has neither access keys nor a token")
}

func withDomain(k *auth.AKSK, id string) *auth.AKSK {
	if id == "" {
		return k
	}
	return k.WithDomainID(id)
}

// String prints the configuration without its secrets.
func (c ClientConfig) String() string {
	s := "hwpartnertest.ClientConfig{Endpoint: " + c.Endpoint + ", OBSEndpoint: " + c.OBSEndpoint
	if c.AccessKey != "" {
		s += ", AccessKey: " + c.AccessKey + ", SecretKey: [redacted]"
	}
	if c.SecurityToken != "" {
		s += ", SecurityToken: [redacted]"
	}
	if c.Token != "" {
		s += ", Token: [redacted]"
	}
	return s + ", DomainID: " + c.DomainID + "}"
}

// GoString is String, so %#v does not print the secrets either.
func (c ClientConfig) GoString() string { return c.String() }
