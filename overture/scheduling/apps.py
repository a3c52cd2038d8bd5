from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "overture.scheduling"
    label = "scheduling"
    verbose_name = "Calendar and scheduling"

    def ready(self) -> None:
        # Imported here: emails need the models, which load after the app registry.
        from overture.notifications.emails import register
        from overture.scheduling.emails import BUILDERS, LABELS

        for kind, builder in BUILDERS.items():
            register(kind, builder, label=LABELS[kind])
