package dev.backdrop.diffusion.hub;

/** The repository exists but has no branch, tag or commit of that name. */
public class HubRevisionNotFoundException extends HubException {

    public HubRevisionNotFoundException(HubRepoRef ref, HubEndpoint endpoint) {
        super("revision '" + ref.revision() + "' was not found in " + ref.repo() + ": use a branch, a tag or a"
                + " 40-hex commit listed on " + endpoint.page(ref.repo()) + ", or leave out @revision for main");
    }

    @Override
    public String code() {
        return "hub_revision_not_found";
    }
}
