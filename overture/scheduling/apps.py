from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "overture.scheduling"
    label = "scheduling"
    verbose_name = "Calendar and scheduling"

    def ready(self) -> None:
        from overture.notifications.emails import register  # after models load
        from overture.scheduling.emails import BUILDERS

        for kind, builder in BUILDERS.items():
            register(kind, builder)
