package cli

import (
	"github.com/spf13/cobra"

	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/output"
	"github.com/hwpartner/go-hwpartner/resellers"
)

func (a *app) resellersCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "resellers",
		Short: "List and show your resellers (云经销商)",
		Example: `  hwpartner resellers list
  hwpartner resellers get 0977ffa9f20010790f0fc003f6900520`,
	}
	cmd.AddCommand(a.resellersListCmd(), a.resellersGetCmd())
	return cmd
}

func resellerCols() []output.Column {
	return []output.Column{
		output.Col("id", "ID", output.KText),
		output.Col("name", "Name", output.KText),
		output.Col("account_name", "Account", output.KText),
		output.Col("associated_on", "Associated", output.KTime),
	}
}

func (a *app) resellersListCmd() *cobra.Command {
	var (
		pf                                pageFlags
		account, id, assocFrom, assocTill string
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List your resellers",
		Long: `List the resellers associated with your distributor account, every page of
them unless --limit says otherwise.`,
		Example: `  hwpartner resellers list
  hwpartner resellers list --account acme-cloud
  hwpartner resellers list --associated-from 2024-03-01 --associated-to 2024-03-31 -o csv`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := pf.check(); err != nil {
				return err
			}
			from, to, err := a.parseRange("associated-", assocFrom, assocTill)
			if err != nil {
				return err
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			p := &resellers.ListParams{AccountName: account, ResellerID: id, AssociatedFrom: from, AssociatedTo: to}
			p.Offset, p.Limit = pf.offset, pf.pageSize()
			l := a.printer.List(resellerCols()...)
			return listAll(a, l, "resellers", &pf, c.Resellers.ListIter(a.ctx, p), func(r resellers.Reseller) error {
				return l.Row(r.ID, r.Name, r.AccountName, r.AssociatedOn.Time)
			})
		},
	}
	pf.register(cmd, "resellers")
	cmd.Flags().StringVar(&account, "account", "", "only the reseller with this account name")
	cmd.Flags().StringVar(&id, "id", "", "only the reseller with this id")
	cmd.Flags().StringVar(&assocFrom, "associated-from", "", "associated at or after this time: "+timeHelp)
	cmd.Flags().StringVar(&assocTill, "associated-to", "", "associated at or before this time (a date includes the whole day)")
	return cmd
}

func (a *app) resellersGetCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "get RESELLER",
		Short: "Show one reseller with its contact details",
		Example: `  hwpartner resellers get 0977ffa9f20010790f0fc003f6900520
  hwpartner resellers get 0977ffa9f20010790f0fc003f6900520 -o json`,
		Args: exactArgs("RESELLER"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			r, err := c.Resellers.Get(a.ctx, args[0])
			if err != nil {
				return err
			}
			return a.printer.Object(append(resellerCols(),
				output.Col("mobile_phone", "Mobile phone", output.KText),
				output.Col("email", "Email", output.KText),
				output.Col("account_manager_id", "Account manager", output.KText),
				output.Col("account_manager_name", "Account manager name", output.KText),
			), r.ID, r.Name, r.AccountName, r.AssociatedOn.Time, r.MobilePhone, r.Email, r.AccountManagerID, r.AccountManagerName)
		},
	}
}
