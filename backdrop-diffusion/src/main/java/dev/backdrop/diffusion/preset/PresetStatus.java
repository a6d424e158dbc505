package dev.backdrop.diffusion.preset;

import dev.backdrop.diffusion.hub.HubClient;
import dev.backdrop.diffusion.hub.HubRepoRef;
import dev.backdrop.model.FolderTree;
import dev.backdrop.model.ModelCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a preset stands in the model cache, without asking the hub: whether its runnable folder
 * is there and its size, and which of its repositories are not fetched yet.
 *
 * @param folder      the runnable folder (it may not exist)
 * @param installed   whether the folder holds a complete conversion
 * @param bytesOnDisk the runnable folder's size
 * @param missing     the repositories with files still to fetch
 */
public record PresetStatus(Preset preset, Path folder, boolean installed, long bytesOnDisk, List<String> missing) {

    public static PresetStatus of(Preset preset, HubClient hub, ModelCache cache) {
        Path folder = DiffusionModelResolver.presetFolder(cache, preset.name());
        boolean installed = Files.isRegularFile(folder.resolve("conversion.json"));
        List<String> missing = preset.sources().stream()
                .filter(s -> hub.cached(HubRepoRef.parse(s.repo()), preset.files(s)).isEmpty())
                .map(Preset.Source::repo).toList();
        return new PresetStatus(preset, folder, installed, installed ? FolderTree.size(folder) : 0, missing);
    }

}
